import StewardCore
import StewardEngine

extension SimulationEngine {
    /// The run's figures: the engine's KPIs and how its choices compare with the fleet's truth.
    func report(
        scenario: String, seed: UInt64, tier: SimulationTier, window: KPIWindow, days: Double, fleet: Fleet, tally: SimulationTally,
        wallSeconds: Double
    ) async throws -> SimulationReport {
        let kpis = try await remediator.kpis(tenant: Self.tenant, window: window)
        var incidents = 0, escalated = 0, cost = 0.0
        var escalatedByFault: [String: Int] = [:]
        var banditMinutes: [String: [Double]] = [:]
        var classedTruths = 0, classedRight = 0, fixable = 0, fixChosen = 0, attempts = 0, withLineage = 0
        // Every attempt that ended should have its remediation.attempt entry (its lineage).
        var lineage = Set<String>()
        var cursor: Int64 = 0
        while true {
            let page = try await remediator.lineage(tenant: Self.tenant, agent: nil, incident: nil, afterSeq: cursor, limit: 1000)
            for entry in page.entries {
                if let incident = entry["incident"]?.stringValue, let number = entry["attempt"]?.intValue { lineage.insert("\(incident)#\(number)") }
            }
            guard let next = page.next else { break }
            cursor = next
        }
        var after: String?
        repeat {
            let page = try await remediator.incidents(tenant: Self.tenant, status: nil, agent: nil, after: after, limit: 500)
            for incident in page.items {
                incidents += 1
                cost += incident.costUsd
                if incident.escalation != nil {
                    escalated += 1
                    escalatedByFault[tally.truths[incident.id]?.kind ?? "none", default: 0] += 1
                }
                if incident.status == .resolved, incident.choice?.byBandit == true, let closed = incident.closedAt {
                    banditMinutes[incident.classification.rawValue, default: []].append(Double(closed.milliseconds(since: incident.openedAt)) / 60_000)
                }
                let ended = incident.attempts.filter { $0.endedAt != nil }
                attempts += ended.count
                withLineage += ended.filter { lineage.contains("\(incident.id)#\($0.number)") }.count
                guard let truth = tally.truths[incident.id] else { continue }
                if let trueClass = truth.trueClass {
                    classedTruths += 1
                    if incident.classification == trueClass { classedRight += 1 }
                }
                if truth.fixable, let first = incident.attempts.first {
                    fixable += 1
                    // Rebalancing by ROI moves slots as reallocateSlots does (the fleet heals a surge either way).
                    let chosen = Set(first.plan.map(\.primitive))
                    let covers = chosen.contains(.rebalanceByROI) ? chosen.union([.reallocateSlots]) : chosen
                    if !covers.isDisjoint(with: truth.trueFix) { fixChosen += 1 }
                }
            }
            after = page.nextCursor
        } while after != nil
        let trips = try await governance.breakers.list(tenant: Self.tenant).reduce(0) { $0 + $1.trips }
        let head = try await store.head(tenant: Self.tenant)
        func share(_ part: Int, _ whole: Int) -> Double? { whole == 0 ? nil : Double(part) / Double(whole) }
        let directives = fleet.directivesCompleted.values.reduce(0, +)
        return SimulationReport(
            scenario: scenario, seed: seed, tier: tier, days: days, agents: fleet.agents.count, faultsInjected: fleet.injected, kpis: kpis,
            incidents: incidents, escalationsPerDay: Double(escalated) / max(days, 1e-9),
            escalationsByFault: escalatedByFault, classificationAccuracy: share(classedRight, classedTruths),
            trueFixShare: share(fixChosen, fixable), safetyViolations: tally.safetyViolations, lineageCoverage: share(withLineage, attempts),
            actions: tally.actions, breakerTrips: trips,
            banditByClass: banditMinutes.mapValues { .init(incidents: $0.count, mttrMinutes: $0.reduce(0, +) / Double($0.count)) },
            directivesCompleted: directives, directivesPerHour: Double(directives) / max(days * 24, 1e-9),
            costPerIncidentUsd: incidents == 0 ? nil : cost / Double(incidents),
            wallSeconds: wallSeconds, ledgerHead: head.hash)
    }
}
