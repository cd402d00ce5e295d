import StewardCore
import StewardEngine
import StewardTestSupport
import Testing

/// A person's "no" to a remediation step is a decision: Steward does not ask it again at once
/// with the same playbook, and with no other playbook left hands the incident to a person.
@Suite struct RejectedStepTests {
    @Test func aRejectedStepWithNoOtherPlaybookEscalatesInsteadOfAskingAgain() async throws {
        let f = try HealingFixture()
        defer { f.close() }
        let receipt = try await f.signal("CMO", .error, errorCode: .configMissing)
        var incident = try await f.incident(receipt.incident)
        #expect(incident.attempts[0].playbook == "FixConfig" && incident.status == .awaitingApproval)
        let pending = try await f.spine.actions(tenant: "default", status: .pendingApproval, account: nil, agent: "CMO", after: nil, limit: 10)
        let migration = try #require(pending.first)
        #expect(migration.proposal.type == "schemaMigrateIfNeeded")

        _ = try await f.spine.reject(migration.proposal.id, tenant: "default", by: "key:ops", reason: "not now")
        incident = try await f.incident(receipt.incident)
        #expect(incident.attempts.count == 1, "the same playbook must not be started again at once")
        #expect(incident.status == .escalated)
        let stillPending = try await f.spine.actions(tenant: "default", status: .pendingApproval, account: nil, agent: "CMO", after: nil, limit: 10)
        #expect(stillPending.isEmpty, "the person is not asked the same question again")
        let escalation = try #require(try await f.remediator.escalations(tenant: "default", status: "open", limit: 10).first)
        #expect(escalation.reason == "StepRejected")
        #expect(escalation.summary.contains("key:ops rejected"))
        #expect(escalation.recommendedOptions.map(\.kind) == ["safe", "aggressive"])
        // A person's decision, not a failed fix: the bandit learns nothing from it.
        let arms = try await f.remediator.arms(tenant: "default")["CONFIG"] ?? []
        #expect(arms.allSatisfy { $0.pulls == 0 }, "\(arms)")
    }

    @Test func aRejectedStepMovesOnToAPlaybookNotYetTried() async throws {
        // Priced far below FixConfig, so FixConfig runs first.
        let f = try HealingFixture { c in
            c.playbooks.append(Playbook(
                name: "RestartForConfig", classification: .config, steps: [PlaybookStep(.restartAgent)], successCriteria: "configHealthy",
                impactPoints: -1_000))
        }
        defer { f.close() }
        let receipt = try await f.signal("CMO", .error, errorCode: .configMissing)
        var incident = try await f.incident(receipt.incident)
        #expect(incident.attempts[0].playbook == "FixConfig")
        let pending = try await f.spine.actions(tenant: "default", status: .pendingApproval, account: nil, agent: "CMO", after: nil, limit: 10)
        let migration = try #require(pending.first)
        _ = try await f.spine.reject(migration.proposal.id, tenant: "default", by: "key:ops", reason: "not now")
        await f.carryOutDispatched()
        incident = try await f.incident(receipt.incident)
        #expect(incident.attempts.count == 2 && incident.attempts[1].playbook == "RestartForConfig")
        #expect(incident.status == .verifying)
    }
}
