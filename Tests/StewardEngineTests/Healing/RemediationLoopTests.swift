import Foundation
import StewardCore
import StewardEngine
import StewardTestSupport
import Testing

/// The remediation loop end to end on a real store: the chaos drills of seed 001 §12 at the
/// engine level, inconclusive verification, escalation and resuming after a restart.
@Suite struct RemediationLoopTests {
    @Test func timeoutIsRemediatedByRestartAndRetryThenVerifiedByTheNextSignal() async throws {
        let f = try HealingFixture()
        defer { f.close() }
        try await f.signal("CMO")
        let receipt = try await f.signal("CMO", .error, errorCode: .timeout, successRate: 0.6)
        #expect(receipt.state == .recovering)
        var incident = try await f.incident(receipt.incident)
        #expect(incident.classification == .transient)
        #expect(incident.rule == "transient-error")
        #expect(incident.status == .verifying)
        #expect(incident.attempts.count == 1)
        #expect(incident.attempts[0].playbook == "RestartAndRetryTransient")
        #expect(incident.attempts[0].steps.map(\.primitive) == [.restartAgent, .retryLastTask])
        #expect(incident.attempts[0].steps.allSatisfy { $0.status == .succeeded })
        // Both steps are actions through the spine, decided by the gate like any other.
        let actions = try await f.spine.actions(tenant: "default", status: nil, account: nil, agent: "CMO", after: nil, limit: 10)
        #expect(Set(actions.map(\.proposal.type)) == ["restartAgent", "retryLastTask"])
        #expect(actions.allSatisfy { $0.proposal.trigger == .remediation && $0.decision.outcome == .autoExecute })

        f.clock.advance(seconds: 30)
        let healed = try await f.signal("CMO", successRate: 0.97)
        #expect(healed.state == .healthy)
        incident = try await f.incident(receipt.incident)
        #expect(incident.status == .resolved)
        #expect(incident.attempts[0].verification?.outcome == .passed)
        let lineage = try await f.entries(kind: "remediation.attempt")
        #expect(lineage.count == 1)
        let payload = try JSONReader.parse(lineage[0].canonicalPayload)
        #expect(payload["playbook"] == "RestartAndRetryTransient")
        #expect(payload["ok"] == true)
        #expect(payload["before"]?["successRate"]?.doubleValue == 0.6)
        #expect(payload["after"]?["successRate"]?.doubleValue == 0.97)
        #expect(payload["event"] == "auto_remediation")
    }

    @Test func noFreshSignalIsInconclusiveAndAfterTheLastAttemptEscalatesWithTwoOptions() async throws {
        let f = try HealingFixture {
            $0.remediation.verifyTimeoutSeconds = 60
            $0.remediation.escalateTo = "sre-oncall"
        }
        defer { f.close() }
        let receipt = try await f.signal("CMO", .error, errorCode: .rateLimit)
        await f.pass(seconds: 61)
        var incident = try await f.incident(receipt.incident)
        #expect(incident.attempts.count == 2)
        #expect(incident.attempts[0].verification?.outcome == .inconclusive)
        #expect(incident.attempts[0].ok == false)
        #expect(incident.status == .verifying)
        await f.pass(seconds: 61)
        incident = try await f.incident(receipt.incident)
        #expect(incident.status == .escalated)
        let escalations = try await f.remediator.escalations(tenant: "default", status: "open", limit: 10)
        let escalation = try #require(escalations.first)
        #expect(escalation.reason == "AutoRemediationFailed" && escalation.to == "sre-oncall")
        #expect(escalation.lastTwoAttempts.count == 2)
        #expect(escalation.recommendedOptions.map(\.kind) == ["safe", "aggressive"])
        #expect(escalation.recommendedOptions.allSatisfy { !$0.why.isEmpty })
        #expect(escalation.paged)
        let agent = try #require(try await f.remediator.agent("CMO", tenant: "default"))
        #expect(agent.state == .escalated)
        // A later problem signal joins the escalated incident instead of opening another.
        let again = try await f.signal("CMO", .error, errorCode: .rateLimit)
        #expect(again.incident == receipt.incident)
        #expect(again.state == .escalated)

        // The person picks the safe option: the agent is throttled and the playbook runs again.
        let resolved = try await f.remediator.resolveEscalation(
            escalation.id, tenant: "default", option: escalation.recommendedOptions[0].name, by: "key:ops", note: "try once more")
        #expect(resolved.status == "resolved")
        await f.carryOutDispatched()
        incident = try await f.incident(receipt.incident)
        #expect(incident.attempts.count == 3)
        #expect(incident.status == .verifying)
        let slots = try await f.remediator.allocations(tenant: "default").first { $0.agent == "CMO" }?.slots
        #expect(slots == f.configuration.remediation.concurrency.min)
        await #expect(throws: HealingError.self) {
            _ = try await f.remediator.resolveEscalation(escalation.id, tenant: "default", option: "anything", by: "key:ops", note: nil)
        }
    }

    @Test func conflictOnOneDirectiveIsArbitratedRevenueFirst() async throws {
        let f = try HealingFixture()
        defer { f.close() }
        try await f.signal("CRO", directive: "D-7")
        let receipt = try await f.signal("CMO", .degraded, directive: "D-7", alignment: 0.8)
        var incident = try await f.incident(receipt.incident)
        #expect(incident.classification == .conflict)
        #expect(incident.rule == "conflict")
        #expect(incident.attempts[0].playbook == "ResolveInterAgentConflict")
        let applied = try #require(incident.attempts[0].steps.first)
        #expect(applied.response?["winner"] == "CRO")
        #expect(incident.attempts[0].losingAgent == "CMO")
        let cmo = try await f.remediator.allocations(tenant: "default").first { $0.agent == "CMO" }
        #expect(cmo?.maxConcurrent == 1)
        // CMO yields the directive; the conflict is cleared and alignment recovers.
        f.clock.advance(seconds: 20)
        try await f.signal("CMO", directive: "D-8", alignment: 0.95)
        incident = try await f.incident(receipt.incident)
        #expect(incident.status == .resolved)
    }

    /// QA r8 orchestration L2: `reassignOverlaps` was told `revenue_first` whatever the order.
    @Test func reassignOverlapsIsToldThePriorityTheArbitrationFollowed() async throws {
        for (order, policy) in [([Domain.revenue, .marketing, .content], "revenue_first"), ([.content, .marketing, .revenue], "content_first")] {
            let f = try HealingFixture { c in c.remediation.priority = order }
            defer { f.close() }
            try await f.signal("CRO", directive: "D-7")
            let receipt = try await f.signal("CMO", .degraded, directive: "D-7", alignment: 0.8)
            let incident = try await f.incident(receipt.incident)
            let reassign = try #require(incident.attempts[0].steps.first { $0.primitive == .reassignOverlaps })
            #expect(reassign.args["policy"] == .string(policy), "\(reassign.args)")
        }
    }

    @Test func aConflictNobodyElseClaimsAnyMoreHasNoLoserToThrottleAndIsNoFailure() async throws {
        let f = try HealingFixture()
        defer { f.close() }
        // CMO says it is in a conflict over D-9, but no other agent reports D-9 (the other one moved on).
        let receipt = try await f.signal("CMO", .degraded, directive: "D-9", conflict: "c-1", alignment: 0.8)
        var incident = try await f.incident(receipt.incident)
        #expect(incident.classification == .conflict && incident.attempts[0].playbook == "ResolveInterAgentConflict")
        let steps = incident.attempts[0].steps
        #expect(steps.map(\.primitive) == [.applyPriorityRules, .reassignOverlaps, .throttleAgent])
        #expect(steps.allSatisfy { $0.status == .succeeded }, "\(steps.map(\.detail))")
        #expect(steps[2].detail.contains("no losing agent to act on"))
        #expect(incident.attempts[0].losingAgent == nil && incident.status == .verifying)
        // Nobody was throttled.
        #expect(try await f.remediator.allocations(tenant: "default").allSatisfy { $0.maxConcurrent == nil })
        f.clock.advance(seconds: 20)
        try await f.signal("CMO", directive: "D-10", alignment: 0.95)
        incident = try await f.incident(receipt.incident)
        #expect(incident.status == .resolved)
    }

    @Test func aMissingSecretThatCannotBeFixedEscalates() async throws {
        let f = try HealingFixture {
            $0.remediation.maxAttempts = 1
            $0.agents[1].executor = .command(CommandExecutorSpec(argv: ["/bin/sh", "-c", "cat >/dev/null; echo '{\"ok\":false,\"missing\":[\"API_BASE\"]}'; exit 1"]))
        }
        defer { f.close() }
        let receipt = try await f.signal("CMO", .error, errorCode: .configMissing, missingSecrets: ["API_BASE"])
        let incident = try await f.incident(receipt.incident)
        #expect(incident.classification == .config)
        #expect(incident.attempts[0].playbook == "FixConfig")
        #expect(incident.attempts[0].steps.first?.status == .failed)
        #expect(incident.status == .escalated)
        let escalation = try #require(try await f.remediator.escalations(tenant: "default", status: "open", limit: 10).first)
        #expect(escalation.recommendedOptions[0].name == "PauseUntilConfigFixed")
        #expect(escalation.context.missingSecrets == ["API_BASE"])
    }

    @Test func theKillSwitchHoldsNewRemediationWhileSignalsAreStillRecorded() async throws {
        let f = try HealingFixture()
        defer { f.close() }
        _ = try await f.spine.setKillSwitch(tenant: "default", engaged: true, reason: "drill", actor: "key:ops")
        let receipt = try await f.signal("CMO", .error, errorCode: .timeout)
        var incident = try await f.incident(receipt.incident)
        #expect(incident.status == .open)
        #expect(incident.attempts.isEmpty)
        #expect(try await f.entries(kind: "signal.received").count == 1)
        #expect(try await f.entries(kind: "remediation.held").count == 1)
        _ = try await f.spine.setKillSwitch(tenant: "default", engaged: false, reason: nil, actor: "key:ops")
        f.clock.advance(seconds: 1)  // the agent's next report, not the same one again
        try await f.signal("CMO", .error, errorCode: .timeout)
        incident = try await f.incident(receipt.incident)
        #expect(incident.attempts.count == 1)
    }

    @Test func aRestartResumesTheIncidentWithoutProposingAStepTwice() async throws {
        let first = try HealingFixture {
            $0.agents[1].executor = .command(CommandExecutorSpec(argv: ["/bin/sh", "-c", "cat >/dev/null; echo '{\"succeeded\":false}'; exit 1"]))
        }
        defer { first.close() }
        let receipt = try await first.signal("CMO", .error, errorCode: .timeout)
        var incident = try await first.incident(receipt.incident)
        // restartAgent failed, so the attempt failed and attempt 2 started: both proposed once.
        #expect(incident.attempts.count == 2)
        // The incident's steps (the round's freshness sweep may also ask CMO to refetch a source).
        func steps(_ f: HealingFixture) async throws -> [ActionRecord] {
            try await f.spine.actions(tenant: "default", status: nil, account: nil, agent: "CMO", after: nil, limit: 100)
                .filter { $0.proposal.type != "refetchSource" }
        }
        let before = try await steps(first).count

        // A new process over the same database: the periodic round resumes the incident.
        let second = try HealingFixture({
            $0.agents[1].executor = .command(CommandExecutorSpec(argv: ["/bin/sh", "-c", "cat >/dev/null; exit 1"]))
        }, reopening: first)
        await second.pass(seconds: 1)
        incident = try await second.incident(receipt.incident)
        #expect(incident.status == .escalated)
        let after = try await steps(second)
        #expect(after.count == before)
        #expect(Set(after.map(\.proposal.id)).count == after.count)
    }

    @Test func anOlderSignalIsRecordedButDoesNotMoveTheState() async throws {
        let f = try HealingFixture()
        defer { f.close() }
        try await f.signal("CRO")
        let late = StatusSignal(agent: "CRO", status: .error, metrics: .init(), context: .init(errorCode: .timeout), ts: f.clock.now().adding(seconds: -60))
        let receipts = try await f.healing.intake.ingest([late], tenant: "default", actor: "key:test")
        #expect(receipts[0].applied == false)
        #expect(receipts[0].incident == nil)
        #expect(receipts[0].state == .healthy)  // the agent's state, not the late signal's
        #expect(try await f.remediator.agent("CRO", tenant: "default")?.state == .healthy)
    }

    /// A request sent again (the signals route takes no idempotency key) repeats a report the
    /// agent already gave: recorded, not applied, so it counts no failure twice.
    @Test func theSameSignalSentAgainIsRecordedButNotApplied() async throws {
        let f = try HealingFixture()
        defer { f.close() }
        let degraded = StatusSignal(agent: "CRO", status: .degraded, metrics: .init(), context: .init(), ts: f.clock.now())
        #expect(try await f.healing.intake.ingest([degraded], tenant: "default", actor: "key:test")[0].applied)
        let again = try await f.healing.intake.ingest([degraded], tenant: "default", actor: "key:test")
        #expect(again[0].applied == false)
        #expect(try await f.store.ledger(tenant: "default", query: LedgerQuery(kinds: ["signal.received"], limit: 10)).rows.count == 2)
    }
}

/// An agent that answers its step with its fresh status is judged on that answer at once.
@Suite struct AnsweredVerificationTests {
    @Test func aStepAnsweredWithAFreshSignalVerifiesWithoutWaiting() async throws {
        let healthy = #"{"signal":{"agent":"CMO","status":"healthy","metrics":{"successRate":0.98,"alignment":0.97,"backlogAgeMinutes":1},"context":{"lastTaskSucceeded":true},"ts":"2026-01-01T00:00:00Z"}}"#
        let f = try HealingFixture {
            $0.agents[1].executor = .command(CommandExecutorSpec(argv: ["/bin/sh", "-c", "cat >/dev/null; echo '\(healthy)'"]))
        }
        defer { f.close() }
        let receipt = try await f.signal("CMO", .error, errorCode: .timeout)
        let incident = try await f.incident(receipt.incident)
        #expect(incident.status == .resolved)
        #expect(incident.attempts[0].verification?.after?.successRate == 0.98)
    }
}
