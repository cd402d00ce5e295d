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
            ("actions proposed / auto / approved by a person / held",
             "\(actions.proposed) / \(actions.autoExecuted) / \(actions.approvedByPerson) / \(actions.held)"),
        ]
        for cls in kpis.mttrMinutesByClass.keys.sorted() {
            out.append(("MTTR \(cls) (minutes)", Self.number(kpis.mttrMinutesByClass[cls] ?? 0)))
        }
        return out
    }

    static func percent(_ value: Double?) -> String { value.map { String(format: "%.1f%%", $0 * 100) } ?? "n/a" }
    static func number(_ value: Double) -> String { String(format: value == value.rounded() ? "%.0f" : "%.2f", value) }
}
