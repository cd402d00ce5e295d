import Foundation
import StewardCore

extension SimulationReport {
    /// The report as Markdown, for `--report`.
    public func markdown() -> String {
        var lines = [
            "# Simulation: \(scenario) (seed \(seed), \(tier.rawValue))", "",
            "\(Self.number(days)) simulated days, \(agents) agents, \(incidents) incidents, \(faultsInjected.values.reduce(0, +)) faults injected; "
                + "\(Self.number(wallSeconds)) s of wall time.", "",
            "| Figure | Value |", "| --- | --- |",
        ]
        for (name, value) in figures { lines.append("| \(name) | \(value) |") }
        lines += ["", "## Faults injected, and the incidents they escalated", "", "| Kind | Injected | Escalated |", "| --- | --- | --- |"]
        for kind in faultsInjected.keys.sorted() { lines.append("| \(kind) | \(faultsInjected[kind] ?? 0) | \(escalationsByFault[kind] ?? 0) |") }
        if let none = escalationsByFault["none"] { lines.append("| (no fault) | 0 | \(none) |") }
        lines += ["", "Ledger head: `\(ledgerHead)`", ""]
        return lines.joined(separator: "\n")
    }

    /// The headline figures, in order, as text.
    public var figures: [(String, String)] {
        var out: [(String, String)] = [
            ("auto-resolve rate", Self.percent(kpis.autoResolveRate)),
            ("escalations per day", Self.number(escalationsPerDay)),
            ("classification accuracy", Self.percent(classificationAccuracy)),
            ("true fix chosen", Self.percent(trueFixShare)),
            ("safety violations", "\(safetyViolations)"),
            ("lineage coverage", Self.percent(lineageCoverage)),
            ("cost per incident (USD)", costPerIncidentUsd.map(Self.number) ?? "n/a"),
            ("HITL rate", Self.percent(kpis.hitlRate)),
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
    /// A figure as text: whole numbers bare, others to two decimals.
    public static func number(_ value: Double) -> String { String(format: value == value.rounded() ? "%.0f" : "%.2f", value) }
}
