import Foundation
import StewardCore

/// Tier 2 against Tier 1 on the same scenario and seed: the deltas of seed 000's success criteria.
public struct SimulationComparison: Sendable, Hashable, Codable {
    /// Everything on.
    public var tier2: SimulationReport
    /// First matching playbook only.
    public var tier1: SimulationReport
    /// The deltas, each Tier 2 relative to Tier 1 (nil when Tier 1's figure is 0 or missing).
    public var deltas: Deltas

    /// The seed-000 criteria as relative changes.
    public struct Deltas: Sendable, Hashable, Codable {
        /// Cost per incident: (t2 − t1) / t1; at most −0.20 is the criterion.
        public var costPerIncident: Double?
        /// Directives the fleet completed per hour: (t2 − t1) / t1; at least +0.15.
        public var directivesPerHour: Double?
        /// Stale-data incidents: (t2 − t1) / t1; at most −0.50.
        public var staleDataIncidents: Double?
        /// Bandit MTTR improvement: Tier 2's bandit-chosen incidents against Tier 1's fixed
        /// playbooks, class by class, weighted by the bandit's incidents; at least +0.10.
        public var banditMttrImprovement: Double?
        /// Escalations per day: (t2 − t1) / t1.
        public var escalationsPerDay: Double?

        private enum CodingKeys: String, CodingKey {
            case costPerIncident, directivesPerHour, staleDataIncidents, banditMttrImprovement, escalationsPerDay
        }

        /// Encodes every key, null when there is no figure, so the keys are stable.
        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(costPerIncident, forKey: .costPerIncident)
            try c.encode(directivesPerHour, forKey: .directivesPerHour)
            try c.encode(staleDataIncidents, forKey: .staleDataIncidents)
            try c.encode(banditMttrImprovement, forKey: .banditMttrImprovement)
            try c.encode(escalationsPerDay, forKey: .escalationsPerDay)
        }
    }

    /// Compares two runs.
    public init(tier2: SimulationReport, tier1: SimulationReport) {
        self.tier2 = tier2
        self.tier1 = tier1
        func change(_ new: Double?, _ old: Double?) -> Double? {
            guard let new, let old, old != 0 else { return nil }
            return (new - old) / old
        }
        deltas = Deltas(
            costPerIncident: change(tier2.costPerIncidentUsd, tier1.costPerIncidentUsd),
            directivesPerHour: change(tier2.directivesPerHour, tier1.directivesPerHour),
            staleDataIncidents: change(Double(tier2.kpis.staleData.incidents), Double(tier1.kpis.staleData.incidents)),
            banditMttrImprovement: Self.banditImprovement(tier2.banditByClass, against: tier1.kpis.mttrMinutesByClass),
            escalationsPerDay: change(tier2.escalationsPerDay, tier1.escalationsPerDay))
    }

    /// (fixed − bandit) ÷ fixed, where each class the bandit chose for counts by its incidents and
    /// "fixed" is that class's MTTR under the fixed playbooks; nil when no class is in both.
    static func banditImprovement(_ bandit: [String: SimulationReport.ClassRecovery], against fixed: [String: Double]) -> Double? {
        var weight = 0.0, ours = 0.0, theirs = 0.0
        for (classification, figure) in bandit {
            guard let baseline = fixed[classification], figure.incidents > 0 else { continue }
            let n = Double(figure.incidents)
            weight += n
            ours += n * figure.mttrMinutes
            theirs += n * baseline
        }
        guard weight > 0, theirs > 0 else { return nil }
        return (theirs - ours) / theirs
    }

    /// The deltas as lines of text.
    public func text() -> String {
        func pct(_ v: Double?) -> String { v.map { String(format: "%+.1f%%", $0 * 100) } ?? "n/a" }
        return [
            "Tier 2 against Tier 1 (same scenario and seed):",
            "  cost per incident        \(pct(deltas.costPerIncident))  (criterion: -20% or better)",
            "  directives per hour      \(pct(deltas.directivesPerHour))  (criterion: +15% or better)",
            "  stale-data incidents     \(pct(deltas.staleDataIncidents))  (criterion: -50% or better)",
            "  bandit MTTR improvement  \(pct(deltas.banditMttrImprovement))  (criterion: +10% or better)",
            "  escalations per day      \(pct(deltas.escalationsPerDay))",
        ].joined(separator: "\n")
    }
}
