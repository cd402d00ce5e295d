import Logging
import StewardCore
import StewardEngine
import StewardSQLite
import StewardTestSupport

/// The remediation loop over a real SQLite file, a test clock and a seeded bandit.
struct HealingFixture {
    let directory: TemporaryDirectory
    let store: any Store
    let clock: TestClock
    let spine: ActionSpine
    let healing: HealingAssembly
    let configuration: StewardConfiguration
    /// Whether the agents without an executor carry out their remediation steps and report them
    /// done after each signal and round (as an agent reading its dispatched actions does).
    let agentsReport: Bool

    init(
        _ change: (inout StewardConfiguration) -> Void = { _ in }, reopening other: HealingFixture? = nil, store given: (any Store)? = nil,
        agentsReport: Bool = true
    ) throws {
        self.agentsReport = agentsReport
        var c = StewardConfiguration.default
        c.agents = [
            AgentSpec(name: "CRO", domain: .revenue, dependencies: ["SalesPipeline"], slots: 3, impactPointsPerHour: 10),
            AgentSpec(name: "CMO", domain: .marketing, dependencies: ["MarketIntel"], slots: 3, impactPointsPerHour: 3),
            AgentSpec(name: "Content", domain: .content, dependencies: ["MarketIntel"], slots: 2, impactPointsPerHour: 1),
        ]
        c.remediation.bandit.enabled = false
        change(&c)
        configuration = c
        directory = try other?.directory ?? TemporaryDirectory(prefix: "steward-healing")
        store = try given ?? SQLiteStore(path: directory.file("steward.sqlite"))
        clock = other?.clock ?? TestClock()
        let counter = IDCounter()
        spine = try SpineAssembly(
            // Notifications reach a webhook only in tests that configure one.
            store: store, configuration: c, revision: "test-rev", clock: clock, logger: Logger(label: "test"),
            client: c.notifications.webhookURL == nil ? nil : DeliveryClient.shared,
            newID: { counter.next() }
        ).spine
        let incidents = IDCounter()
        healing = try HealingAssembly(
            store: store, spine: spine, configuration: c, revision: "test-rev", clock: clock, logger: Logger(label: "test"), seed: 7,
            newID: { prefix in prefix + "_" + incidents.next().dropFirst(4) })
    }

    func close() { directory.remove() }

    var remediator: Remediator { healing.remediator }

    /// Sends one signal now; returns its receipt.
    @discardableResult
    func signal(
        _ agent: String, _ status: SignalStatus = .healthy, errorCode: SignalErrorCode? = nil, directive: String? = nil, conflict: String? = nil,
        alignment: Double = 0.97, successRate: Double = 0.96, backlog: Double = 3, queueDepth: Int = 0, dependencies: [String] = [],
        missingSecrets: [String] = [], lastTaskSucceeded: Bool? = nil, configHealthy: Bool? = nil, measuredAt: Timestamp? = nil
    ) async throws -> SignalIntake.Receipt {
        let signal = StatusSignal(
            agent: agent, status: status, lastReport: "test",
            metrics: SignalMetrics(successRate: successRate, alignment: alignment, backlogAgeMinutes: backlog, costBurnRatePerHour: 0.5),
            context: SignalContext(
                directiveId: directive, conflictId: conflict, errorCode: errorCode, queueDepth: queueDepth, dependencies: dependencies,
                missingSecrets: missingSecrets, lastTaskSucceeded: lastTaskSucceeded, configHealthy: configHealthy),
            ts: measuredAt ?? clock.now())
        let receipts = try await healing.intake.ingest([signal], tenant: "default", actor: "key:test")
        await spine.runnerIdle()
        await carryOutDispatched()
        return receipts[0]
    }

    /// Plays the agents' part for the incidents' steps handed to them without an executor: each
    /// is reported done, until none is left (a step reported done lets the next one be handed out).
    func carryOutDispatched() async {
        guard agentsReport else { return }
        do {
            for _ in 0..<20 {
                let dispatched = try await spine.actions(tenant: "default", status: .dispatched, account: nil, agent: nil, after: nil, limit: 1000)
                    .filter { $0.proposal.id.hasPrefix("act_inc_") }
                if dispatched.isEmpty { return }
                for record in dispatched {
                    _ = try await report(record.proposal.id, .executionSucceeded)
                }
            }
        } catch {
            Issue.record(error, "an agent's report was refused")
        }
    }

    /// Reports an action's outcome as its agent does (`POST /v1/actions/{id}/outcome`).
    @discardableResult
    func report(_ id: String, _ label: OutcomeLabel, detail: String = "done") async throws -> ActionRecord {
        let record = try await spine.action(id, tenant: "default").record
        return try await spine.recordOutcome(id, tenant: "default", by: "agent:\(record.proposal.agent)", label: label, detail: detail, rollback: false)
    }

    func incident(_ id: String?) async throws -> Incident {
        let found = try await remediator.incident(id ?? "", tenant: "default")
        return try #require(found)
    }

    /// Moves time on and runs the periodic round once.
    func pass(seconds: Double) async {
        clock.advance(seconds: seconds)
        let service = HealingService(
            remediator: remediator, store: store, clock: ContinuousClock(), wallClock: clock, holder: "test", logger: Logger(label: "test"))
        await service.tick()
        await spine.runnerIdle()
        await carryOutDispatched()
    }

    /// A source's row, if it has one.
    func source(_ name: String) async throws -> SourceRow? {
        let doc = try await store.projection(tenant: "default", collection: HealingRows.sources, id: name)
        return try doc.map { try JSONValueDecoder.decode(SourceRow.self, from: $0.body) }
    }

    func entries(kind: String) async throws -> [StoredLedgerRow] {
        try await store.ledger(tenant: "default", query: LedgerQuery(kinds: [kind], limit: 1000)).rows
    }
}

import Testing
