import StewardCore
import StewardEngine
import StewardSQLite
import StewardTestSupport
import Testing

/// The intake answers from the rows it kept and conditions its commit on their versions: rows
/// changed by another replica (or by the loop) are read again, never overwritten or ignored.
@Suite struct SignalIntakeTests {
    @Test func aReplicaWithStaleRowsReadsThemAgainAndSeesTheOtherReplicasIncident() async throws {
        let a = try HealingFixture()
        defer { a.close() }
        let b = try HealingFixture(reopening: a, store: a.store)
        try await a.signal("CMO")
        try await a.signal("CMO")
        a.clock.advance(seconds: 5)
        // Replica B opens an incident; A still keeps the agent's row from before it.
        let opened = try await b.signal("CMO", .error, errorCode: .timeout, successRate: 0.6)
        let id = try #require(opened.incident)
        a.clock.advance(seconds: 30)
        // Verified by this signal: A saw the incident it did not open.
        let healed = try await a.signal("CMO", successRate: 0.97)
        #expect(healed.state == .healthy)
        #expect(try await a.incident(id).status == .resolved)
        let received = try await a.entries(kind: "signal.received")
        #expect(received.count == 4)
        let agent = try #require(try await a.remediator.agent("CMO", tenant: "default"))
        #expect(agent.lastSignal?.metrics.successRate == 0.97)
        #expect(try await LedgerAudit.verify(store: a.store, tenant: "default").ok)
    }

    @Test func anErrorSignalIsRecordedAndOpensItsIncidentInOneCommit() async throws {
        let directory = try TemporaryDirectory(prefix: "steward-intake")
        defer { directory.remove() }
        let store = CommitRecordingStore(try SQLiteStore(path: directory.file("steward.sqlite")))
        let f = try HealingFixture(store: store)
        let receipt = try await f.signal("CMO", .error, errorCode: .timeout, successRate: 0.6)
        #expect(receipt.incident != nil)
        let opening = try #require(store.commits.first { $0.contains("incident.opened") })
        #expect(opening.prefix(2) == ["signal.received", "incident.opened"])
        // The signal stays the caller's; opening the incident is Steward's.
        #expect(try await f.entries(kind: "signal.received").map(\.actor) == ["key:test"])
        #expect(try await f.entries(kind: "incident.opened").map(\.actor) == ["steward"])
        #expect(try await LedgerAudit.verify(store: store, tenant: "default").ok)
    }

    @Test func anErrorSignalReachesItsFirstStepsDispatchWithFourReadsAndTwoCommits() async throws {
        let directory = try TemporaryDirectory(prefix: "steward-intake")
        defer { directory.remove() }
        let store = CommitRecordingStore(try SQLiteStore(path: directory.file("steward.sqlite")))
        // CMO only receives its first step here: its report would add the reads of what follows.
        let f = try HealingFixture(store: store, agentsReport: false)
        try await f.signal("CMO")
        let start = store.operations.count
        let receipt = try await f.signal("CMO", .error, errorCode: .timeout, successRate: 0.6)
        #expect(receipt.incident != nil && receipt.state == .recovering)
        let path = Array(store.operations[start...])
        let dispatched = try #require(path.firstIndex { if case .commit(let kinds) = $0 { kinds.contains("action.dispatched") } else { false } })
        #expect(path[..<dispatched].filter { !$0.isRead }.count == 1, "the intake's commit opened the incident")
        #expect(path[..<dispatched].filter(\.isRead) == [
            .read("keys agents,agent_health"), .read("sources/MarketIntel"), .read("keys autonomy,arms"),
            .read("keys autonomy,daily,action_stats and queries breakers,skill_holds"),
        ], "the agent's two rows together; the kill switch with the arms (not again before the first step); the gate's rows with the breakers and holds")
        // The incident just opened is not read back, nor its steps' actions (they cannot exist
        // yet), nor at the end the agent's remediation row (the receipt has what the save wrote).
        for case .read(let what) in path {
            #expect(!what.hasPrefix("incidents/") && !what.hasPrefix("actions/") && !what.hasPrefix("agent_health/"), "read \(what)")
        }
        #expect(try await LedgerAudit.verify(store: store, tenant: "default").ok)
    }

    @Test func inOneBatchOnlyTheFirstOpeningJoinsTheIntakesCommitAndTheOthersFollowInOrder() async throws {
        let directory = try TemporaryDirectory(prefix: "steward-intake")
        defer { directory.remove() }
        let store = CommitRecordingStore(try SQLiteStore(path: directory.file("steward.sqlite")))
        let f = try HealingFixture(store: store)
        let signals = ["CMO", "Content"].map { agent in
            StatusSignal(
                agent: agent, status: .error, lastReport: "test", metrics: SignalMetrics(successRate: 0.6, alignment: 0.9, backlogAgeMinutes: 3),
                context: SignalContext(errorCode: .timeout), ts: f.clock.now())
        }
        let receipts = try await f.healing.intake.ingest(signals, tenant: "default", actor: "key:test")
        await f.spine.runnerIdle()
        #expect(receipts.allSatisfy { $0.incident != nil })
        let openings = store.commits.enumerated().filter { $0.element.contains("incident.opened") }
        #expect(openings.count == 2)
        #expect(openings.first?.element.prefix(3) == ["signal.received", "signal.received", "incident.opened"])
        // The second agent's incident opens after the first one's remediation has started.
        let opened = try await f.entries(kind: "incident.opened")
        let started = try await f.entries(kind: "remediation.started")
        #expect(opened.map(\.subject) == ["agent:CMO", "agent:Content"])
        #expect(started.count == 2 && started[0].seq < opened[1].seq)
        #expect(try await LedgerAudit.verify(store: store, tenant: "default").ok)
    }

    @Test func anOpeningInTheIntakesCommitSeesTheOtherSignalsOfItsBatch() async throws {
        let f = try HealingFixture()
        defer { f.close() }
        // CMO's problem comes first in the batch; CRO's claim on the same directive comes after it,
        // in the same commit: the classifier must still count two claimants.
        let signals = [
            StatusSignal(
                agent: "CMO", status: .degraded, lastReport: "test", metrics: SignalMetrics(successRate: 0.96, alignment: 0.8, backlogAgeMinutes: 3),
                context: SignalContext(directiveId: "D-7"), ts: f.clock.now()),
            StatusSignal(
                agent: "CRO", status: .healthy, lastReport: "test", metrics: SignalMetrics(successRate: 0.96, alignment: 0.97, backlogAgeMinutes: 3),
                context: SignalContext(directiveId: "D-7"), ts: f.clock.now()),
        ]
        let receipts = try await f.healing.intake.ingest(signals, tenant: "default", actor: "key:test")
        await f.spine.runnerIdle()
        let incident = try await f.incident(receipts[0].incident)
        #expect(incident.classification == .conflict)
        #expect(incident.attempts.first?.losingAgent == "CMO")
    }

    /// QA healing F4: a late signal after a problem in the same batch answers with the state the
    /// problem left the agent in (its incident), not the state from before the batch.
    @Test func eachReceiptShowsTheAgentAsTheBatchsEarlierSignalsLeftIt() async throws {
        let f = try HealingFixture(agentsReport: false)
        defer { f.close() }
        let now = f.clock.now()
        let signals = [
            StatusSignal(
                agent: "CMO", status: .error, lastReport: "test", metrics: SignalMetrics(successRate: 0.6, alignment: 0.97, backlogAgeMinutes: 3),
                context: SignalContext(errorCode: .timeout), ts: now),
            StatusSignal(
                agent: "CMO", status: .healthy, lastReport: "test", metrics: SignalMetrics(successRate: 0.97, alignment: 0.97, backlogAgeMinutes: 3),
                ts: now.adding(milliseconds: -20_000)),
        ]
        let receipts = try await f.healing.intake.ingest(signals, tenant: "default", actor: "key:test")
        let incident = try #require(receipts[0].incident)
        #expect(!receipts[1].applied)
        #expect(receipts[1].incident == incident && receipts[1].state == receipts[0].state, "\(receipts)")
        #expect(try await f.remediator.agent("CMO", tenant: "default")?.incident == incident)
    }

    /// QA healing F8: a misspelt agent name registers a new agent (auto-registration is on), and
    /// the answer and the ledger say so, with the declared agent meant.
    @Test func aSignalThatRegistersItsAgentSaysSo() async throws {
        let f = try HealingFixture()
        defer { f.close() }
        let typo = try await f.signal("CMOO")
        #expect(typo.registered == "agent 'CMOO' is not declared in steward.yaml and was registered by this signal; did you mean 'CMO'?")
        #expect(try await f.signal("CMOO").registered == nil)
        #expect(try await f.signal("CMO").registered == nil)
        let received = try await f.entries(kind: "signal.received")
        #expect(try received.map { try JSONReader.parse($0.canonicalPayload)["registered"] } == [.bool(true), nil, nil])
    }

    /// Many writers' signals for one agent at once all land (QA: 11 of 20 were 409): after a
    /// conflict the intake retries one batch at a time in this process.
    @Test func concurrentSignalsForOneAgentAllLand() async throws {
        let f = try HealingFixture()
        defer { f.close() }
        let now = f.clock.now()
        let intake = f.healing.intake
        let receipts = try await withThrowingTaskGroup(of: [SignalIntake.Receipt].self) { group in
            for n in 0..<40 {
                group.addTask {
                    let signal = StatusSignal(
                        agent: "CRO", status: .healthy, lastReport: "worker \(n)",
                        metrics: SignalMetrics(successRate: 0.99, alignment: 0.97, backlogAgeMinutes: 1), ts: now)
                    return try await intake.ingest([signal], tenant: "default", actor: "key:test")
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        #expect(receipts.count == 40 && receipts.allSatisfy { $0.agent == "CRO" })
        let received = try await f.store.ledger(tenant: "default", query: LedgerQuery(kinds: ["signal.received"], limit: 100)).rows
        #expect(received.count == 40)
    }
}
