import Foundation
import StewardCore
import StewardEngine
import StewardSQLite
import StewardTestSupport
import Testing

/// Inhibition, the rebalancer, freshness and the KPIs over a real store.
@Suite struct HealingFleetTests {
    @Test func anIncidentOnASourceSuppressesTheIncidentsItCausesDownstream() async throws {
        let f = try HealingFixture()
        defer { f.close() }
        let upstream = try await f.signal("CMO", .error, errorCode: .inputMissing, dependencies: ["MarketIntel"])
        let first = try await f.incident(upstream.incident)
        #expect(first.classification == .dataDependency && first.source == "MarketIntel")
        let downstream = try await f.signal("Content", .error, errorCode: .staleData, dependencies: ["MarketIntel"])
        let second = try await f.incident(downstream.incident)
        #expect(second.status == .suppressed)
        #expect(second.suppressedBy == first.id)
        #expect(second.attempts.isEmpty)
        #expect(downstream.state == .degraded)
        let suppressed = try await f.entries(kind: "incident.suppressed")
        #expect(suppressed.count == 1)
        // The downstream agent recovers once its source does: the suppressed incident closes.
        try await f.signal("Content", dependencies: ["MarketIntel"])
        #expect(try await f.incident(downstream.incident).status == .resolved)
    }

    @Test func theRebalancerMovesSlotsTowardTheHighROIAgentBreachingItsSLAAndPushesThem() async throws {
        let f = try HealingFixture()
        defer { f.close() }
        try await f.signal("Content", queueDepth: 0)
        try await f.signal("CMO", queueDepth: 1)
        try await f.signal("CRO", .degraded, backlog: 41, queueDepth: 3)
        let moved = try await f.remediator.rebalanceFleet(tenant: "default")
        #expect(moved != nil)
        let slots = Dictionary(uniqueKeysWithValues: try await f.remediator.allocations(tenant: "default").map { ($0.agent, $0.slots) })
        #expect((slots["CRO"] ?? 0) > 3)
        let total = slots.values.reduce(0, +)
        #expect(total == 8)
        #expect(slots.values.allSatisfy { (1...8).contains($0) })
        let pushes = try await f.spine.actions(tenant: "default", status: nil, account: nil, agent: "CRO", after: nil, limit: 50)
            .filter { $0.proposal.type == ActionType.allocationTypeName }
        // The CAPACITY incident's RebalanceCapacity moved slots first, then the scheduler's round: each change is pushed.
        #expect(pushes.count == 2)
        #expect(pushes.contains { $0.effectiveParams["slots"]?.intValue == Int64(slots["CRO"] ?? 0) })
        #expect(try await f.entries(kind: "allocation.changed").count >= 2)
    }

    /// QA healing r3 M7: with AUTO_REMEDIATE off (or the kill switch engaged) the rebalancer moves
    /// no slot and pushes nothing to agents, as the freshness sweep waits.
    @Test func theRebalancerWaitsWhileAutonomousRemediationIsOff() async throws {
        let f = try HealingFixture { $0.remediation.autoRemediate = false }
        defer { f.close() }
        try await f.signal("Content", queueDepth: 0)
        try await f.signal("CMO", queueDepth: 1)
        try await f.signal("CRO", .degraded, backlog: 41, queueDepth: 3)
        #expect(try await f.remediator.rebalanceFleet(tenant: "default") == nil)
        #expect(try await f.entries(kind: "allocation.changed").isEmpty)
        let pushes = try await f.spine.actions(tenant: "default", status: nil, account: nil, agent: nil, after: nil, limit: 50)
        #expect(pushes.isEmpty)
    }

    /// RebalanceCapacity takes slots from an agent that has some to give: the lowest-priority agent
    /// at the minimum is passed over for the next one (it used to be picked, and every CAPACITY
    /// incident of a large fleet failed once it was drained); the next donor is of the next priority.
    @Test func capacityIsTakenFromALowPriorityAgentThatCanGiveSlots() async throws {
        let f = try HealingFixture { c in
            c.agents.append(AgentSpec(name: "Writer", domain: .content, slots: 3, impactPointsPerHour: 1))
            c.agents[2].slots = 1  // Content, also of the lowest-priority domain, is at the minimum.
            c.playbooks.removeAll { $0.name == "CostAwareRebalance" }
        }
        defer { f.close() }
        for agent in ["CMO", "Content", "Writer"] { try await f.signal(agent) }
        let receipt = try await f.signal("CRO", .degraded, backlog: 41, queueDepth: 3)
        let incident = try await f.incident(receipt.incident)
        #expect(incident.classification == .capacity)
        let step = try #require(incident.attempts.first?.steps.first { $0.primitive == .reallocateSlots })
        #expect(step.status == .succeeded)
        #expect(step.detail == "moved 2 slots from Writer to CRO")
        // The next signal still shows the backlog, so the second attempt takes from the next donor: CMO.
        await f.pass(seconds: 61)  // past the verification grace
        try await f.signal("CRO", .degraded, backlog: 41, queueDepth: 3)
        await f.pass(seconds: 30)
        let retried = try await f.incident(receipt.incident)
        let slots = Dictionary(uniqueKeysWithValues: try await f.remediator.allocations(tenant: "default").map { ($0.agent, $0.slots) })
        let second = try #require(retried.attempts.dropFirst().first?.steps.first { $0.primitive == .reallocateSlots })
        #expect(second.detail == "moved 2 slots from CMO to CRO")
        #expect(slots == ["Writer": 1, "CRO": 7, "CMO": 1, "Content": 1])
    }

    /// Moving slots costs `AUTOREM_COST_PER_REBALANCE`: a rebalancing step that moved them is
    /// charged to its incident and to the day's remediation spending, as an agent step is (QA: every
    /// CAPACITY incident cost $0, so cost per incident left the rebalancer out).
    @Test func aStepThatMovedSlotsChargesItsIncidentAndTheDay() async throws {
        let f = try HealingFixture { c in
            c.agents.append(AgentSpec(name: "Writer", domain: .content, slots: 3, impactPointsPerHour: 1))
            c.playbooks.removeAll { $0.name == "CostAwareRebalance" }
            c.remediation.costs.rebalance = 0.25
        }
        defer { f.close() }
        for agent in ["CMO", "Content", "Writer"] { try await f.signal(agent) }
        let receipt = try await f.signal("CRO", .degraded, backlog: 41, queueDepth: 3)
        let incident = try await f.incident(receipt.incident)
        let moved = incident.attempts.flatMap(\.steps).filter { $0.primitive == .reallocateSlots && $0.status == .succeeded }.count
        #expect(moved >= 1)
        let agentSteps = try await f.entries(kind: "action.proposed").count
        #expect(agentSteps >= 1)
        // The agent steps of RebalanceCapacity (splitDirective) cost nothing by default.
        #expect(abs(incident.costUsd - 0.25 * Double(moved)) < 1e-9, "\(incident.costUsd)")
        let day = try #require(try await f.store.projection(tenant: "default", collection: SpineRows.daily, id: SpineRows.tenantDay(f.clock.now().utcDay)))
        #expect(abs((day.body["remediationSpentUsd"]?.doubleValue ?? 0) - 0.25 * Double(moved)) < 1e-9)
    }

    /// With every other agent at the minimum, the step says there is nobody to take slots from,
    /// not that a variable has no value (adopt QA F9).
    @Test func withNoDonorTheReallocationSaysWhy() async throws {
        let f = try HealingFixture { c in
            for i in c.agents.indices where c.agents[i].name != "CRO" { c.agents[i].slots = 1 }
            c.playbooks.removeAll { $0.name == "CostAwareRebalance" }
        }
        defer { f.close() }
        for agent in ["CMO", "Content"] { try await f.signal(agent) }
        let receipt = try await f.signal("CRO", .degraded, backlog: 41, queueDepth: 3)
        let incident = try await f.incident(receipt.incident)
        let step = try #require(incident.attempts.first?.steps.first { $0.primitive == .reallocateSlots })
        #expect(step.status == .failed)
        #expect(step.detail == "args.fromVar: no agent of tenant default can give CRO slots: none of lower priority has slots above "
            + "remediation.concurrency.min (1), and none of the same or higher priority has 2 idle")
    }

    /// QA healing r3 H1: a Content CAPACITY incident does not take the busy slots of Revenue or
    /// Marketing (priority is never inverted); a higher-priority agent's idle slots it may take.
    @Test func aLowerPriorityAgentDoesNotTakeBusySlotsOfAHigherPriorityOne() async throws {
        let f = try HealingFixture { c in c.playbooks.removeAll { $0.name == "CostAwareRebalance" } }
        defer { f.close() }
        try await f.signal("CRO", queueDepth: 3)
        try await f.signal("CMO", queueDepth: 2)
        let receipt = try await f.signal("Content", .degraded, backlog: 41, queueDepth: 3)
        let incident = try await f.incident(receipt.incident)
        let step = try #require(incident.attempts.first?.steps.first { $0.primitive == .reallocateSlots })
        #expect(step.status == .failed && step.detail.contains("none of lower priority"), "\(step.detail)")
        var slots = Dictionary(uniqueKeysWithValues: try await f.remediator.allocations(tenant: "default").map { ($0.agent, $0.slots) })
        #expect(slots["CRO"] == 3 && slots["CMO"] == 3)

        // An idle Revenue agent's slots may go to Content; the busy Marketing agent's still may not.
        let g = try HealingFixture { c in c.playbooks.removeAll { $0.name == "CostAwareRebalance" } }
        defer { g.close() }
        try await g.signal("CRO", queueDepth: 0)
        try await g.signal("CMO", queueDepth: 3)
        let idle = try await g.incident(try await g.signal("Content", .degraded, backlog: 41, queueDepth: 3).incident)
        let moved = try #require(idle.attempts.first?.steps.first { $0.primitive == .reallocateSlots })
        #expect(moved.detail == "moved 2 slots from CRO to Content")
        slots = Dictionary(uniqueKeysWithValues: try await g.remediator.allocations(tenant: "default").map { ($0.agent, $0.slots) })
        #expect(slots["CMO"] == 3)
    }

    /// QA healing r3 M8: a signal need not name a directive (seed 001 §2); RebalanceCapacity's
    /// splitDirective then has nothing to split, which is not a failed fix.
    @Test func splittingADirectiveTheSignalDoesNotNameIsSkipped() async throws {
        let f = try HealingFixture { c in c.playbooks.removeAll { $0.name == "CostAwareRebalance" } }
        defer { f.close() }
        for agent in ["CMO", "Content"] { try await f.signal(agent) }
        let receipt = try await f.signal("CRO", .degraded, backlog: 41, queueDepth: 3)
        let incident = try await f.incident(receipt.incident)
        let split = try #require(incident.attempts.first?.steps.first { $0.primitive == .splitDirective })
        #expect(split.status == .succeeded && split.detail == "no directive to split: CRO's signal names no context.directiveId")
    }

    @Test func aStaleSourceIsRefreshedBeforeTheRetryOfFreshnessFirstRetry() async throws {
        let f = try HealingFixture { c in
            c.playbooks.removeAll { $0.name == "RepairDataDependency" }
        }
        defer { f.close() }
        _ = try await f.remediator.sourceRefreshed("MarketIntel", tenant: "default", at: f.clock.now(), by: "test")
        f.clock.advance(seconds: 2 * 3600)  // past its 60-minute contract
        let receipt = try await f.signal("CMO", .error, errorCode: .staleData, dependencies: ["MarketIntel"])
        let incident = try await f.incident(receipt.incident)
        #expect(incident.attempts[0].playbook == "FreshnessFirstRetry")
        let expected: [Primitive] = [.checkFreshness, .refreshIfStale, .refreshCache, .refetchSource, .validateInputs, .retryLastTask]
        let ran: [Primitive] = incident.attempts[0].steps.map(\.primitive)
        #expect(ran == expected)
        #expect(incident.attempts[0].steps[0].response?["stale"] == true)
        let source = try await f.source("MarketIntel")
        #expect(source?.lastRefreshedAt == f.clock.now())
    }

    @Test func kpisCountAutoResolvedIncidentsAndTheirRecoveryTime() async throws {
        let f = try HealingFixture()
        defer { f.close() }
        let start = f.clock.now()
        let receipt = try await f.signal("CMO", .error, errorCode: .timeout, alignment: 0.9)
        f.clock.advance(seconds: 120)
        try await f.signal("CMO")
        #expect(try await f.incident(receipt.incident).status == .resolved)
        let report = try await f.remediator.kpis(tenant: "default", window: KPIWindow(from: start, to: f.clock.now().adding(seconds: 1)))
        #expect(report.autoResolveRate == 1)
        #expect(report.mttrMinutesByClass["TRANSIENT"] == 2)
        #expect(report.hitlRate == 0)
        #expect(report.csv().contains("autoResolveRate"))
    }

    /// The report says which signals it counted, and that it stopped short when the window held
    /// more than it reads.
    @Test func kpisSayWhichSignalsTheyCounted() async throws {
        let f = try HealingFixture { $0.remediation.signals.ratePerAgentPerSecond = 1_000_000 }
        defer { f.close() }
        let start = f.clock.now()
        let signals = (0..<1_500).map { n in
            StatusSignal(
                agent: "CMO", status: .healthy, lastReport: "ok",
                metrics: SignalMetrics(successRate: 0.97, alignment: n < 1_000 ? 1 : 0.5, backlogAgeMinutes: 1, costBurnRatePerHour: 0.5),
                context: SignalContext(directiveId: "d-\(n)"), ts: start.adding(milliseconds: Int64(n)))
        }
        _ = try await f.healing.intake.ingest(signals, tenant: "default", actor: "key:test")
        let window = KPIWindow(from: start, to: start.adding(seconds: 10))
        let all = try await f.remediator.kpis(tenant: "default", window: window)
        #expect(all.signals == SignalCoverageKPI(counted: 1_500, complete: true))
        #expect(all.alignment.mean.map { abs($0 - 2.5 / 3) < 1e-9 } == true)
        // Read by pages of a thousand: a limit of 10 stops after the first page.
        let capped = try await f.remediator.kpis(tenant: "default", window: window, maxSignals: 10)
        #expect(capped.signals == SignalCoverageKPI(counted: 1_000, complete: false))
        #expect(capped.alignment.mean == 1)
    }

    /// Stale-data incidents are the ones about staleness: a missing input at a fresh source is a
    /// data dependency, not stale data.
    @Test func onlyStalenessCountsAsAStaleDataIncident() async throws {
        let f = try HealingFixture()
        defer { f.close() }
        let start = f.clock.now()
        _ = try await f.remediator.sourceRefreshed("MarketIntel", tenant: "default", at: nil, by: "key:test")
        let missing = try await f.incident(try await f.signal("CMO", .error, errorCode: .inputMissing, dependencies: ["MarketIntel"]).incident)
        #expect(missing.classification == .dataDependency && missing.source == "MarketIntel" && missing.sourceWasStale == false)
        let stale = try await f.incident(try await f.signal("CRO", .degraded, errorCode: .staleData, dependencies: ["SalesPipeline"]).incident)
        #expect(stale.classification == .dataDependency)
        let report = try await f.remediator.kpis(tenant: "default", window: KPIWindow(from: start, to: f.clock.now().adding(seconds: 1)))
        #expect(report.staleData.incidents == 1)
    }
}
