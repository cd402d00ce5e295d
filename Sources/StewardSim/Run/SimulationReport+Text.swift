import Foundation
import StewardCore

extension SimulationReport {
    /// The report as Markdown, for `--report`.
    /// The report as Markdown; with `comparison`, Tier 1's figures beside these and the deltas.
    public func markdown(comparison: SimulationComparison? = nil) -> String {
        let other = comparison?.tier1
        var lines = [
            "# Simulation: \(scenario) (seed \(seed), \(tier.rawValue))", "",
            "\(Self.count(days, "simulated day")), \(Self.count(Double(agents), "agent")), \(Self.count(Double(incidents), "incident")), "
                + "\(Self.count(Double(faultsInjected.values.reduce(0, +)), "fault")) injected; \(Self.number(wallSeconds)) s of wall time.", "",
            other == nil ? "| Figure | Value |" : "| Figure | \(tier.rawValue) | \(other?.tier.rawValue ?? "") |",
            other == nil ? "| --- | --- |" : "| --- | --- | --- |",
        ]
        let theirs = other?.figures ?? []
        for (name, value) in figures {
            let beside = other == nil ? "" : " \(theirs.first(where: { $0.0 == name })?.1 ?? "n/a") |"
            lines.append("| \(name) | \(value) |\(beside)")
        }
        if let comparison { lines += ["", "## Tier 2 against Tier 1", "", "```", comparison.text(), "```"] }
        lines += ["", "## Faults injected, and the incidents they escalated", "", "| Kind | Injected | Escalated |", "| --- | --- | --- |"]
        for kind in faultsInjected.keys.sorted() { lines.append("| \(kind) | \(faultsInjected[kind] ?? 0) | \(escalationsByFault[kind] ?? 0) |") }
        if let none = escalationsByFault["none"] { lines.append("| (no fault) | 0 | \(none) |") }
        lines += ["", "Ledger head: `\(ledgerHead)`", ""]
        return lines.joined(separator: "\n")
    }

    /// The headline figures, in order, as text.
    public var figures: [(String, String)] {
        var out: [(String, String)] = [
            ("auto-resolve rate (not escalated)", Self.percent(kpis.autoResolveRate)),
            ("escalations per day", Self.number(escalationsPerDay)),
            ("classification accuracy", Self.percent(classificationAccuracy)),
            ("true fix chosen", Self.percent(trueFixShare)),
            ("safety violations", "\(safetyViolations)"),
            ("lineage coverage", Self.percent(lineageCoverage)),
            ("cost per incident (USD)", costPerIncidentUsd.map { String(format: "%.4f", $0) } ?? "n/a"),
            ("HITL rate (a person approved a step or answered)", Self.percent(kpis.hitlRate)),
            ("stale-data incidents", "\(kpis.staleData.incidents)"),
            ("bandit MTTR lift", Self.percent(kpis.banditLift.lift)),
            ("breaker trips", "\(breakerTrips)"),
            ("directives completed per hour", Self.number(directivesPerHour)),
            ("actions proposed / auto / approved by a person / held",
             "\(actions.proposed) / \(actions.autoExecuted) / \(actions.approvedByPerson) / \(actions.held)"),
        ]
        for cls in kpis.mttrMinutesByClass.keys.sorted() {
            out.append(("MTTR \(cls) (minutes)", Self.number(kpis.mttrMinutesByClass[cls] ?? 0)))
        }
        return out
    }

    /// The figures as aligned lines, with `other`'s beside them in a second column when given.
    public func figureLines(beside other: SimulationReport? = nil) -> [String] {
        let mine = figures, theirs = other?.figures ?? []
        let width = mine.map(\.0.count).max() ?? 0
        func pad(_ text: String, _ n: Int) -> String { text.count >= n ? text : text + String(repeating: " ", count: n - text.count) }
        var lines: [String] = []
        let valueWidth = max(mine.map(\.1.count).max() ?? 0, tier.rawValue.count) + 2
        if let other { lines.append("  \(pad("", width))  \(pad(tier.rawValue, valueWidth))\(other.tier.rawValue)") }
        for (name, value) in mine {
            // Both reports list the same figures, but MTTR lines only for classes that occurred.
            let beside = theirs.first(where: { $0.0 == name })?.1 ?? (other == nil ? "" : "n/a")
            lines.append("  \(pad(name, width))  \(other == nil ? value : pad(value, valueWidth) + beside)")
        }
        return lines
    }

    static func percent(_ value: Double?) -> String { value.map { String(format: "%.1f%%", $0 * 100) } ?? "n/a" }
    /// "1 agent", "100 agents", "0.05 simulated days".
    public static func count(_ n: Double, _ noun: String) -> String { "\(number(n)) \(noun)\(n == 1 ? "" : "s")" }
    /// A figure as text: whole numbers bare, others to two decimals.
    public static func number(_ value: Double) -> String { String(format: value == value.rounded() ? "%.0f" : "%.2f", value) }
}
