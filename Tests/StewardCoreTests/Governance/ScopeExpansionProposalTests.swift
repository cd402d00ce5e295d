import Testing
@testable import StewardCore

@Suite struct ScopeExpansionProposalTests {
    typealias F = GovernanceFixtures

    static let records: [ActionTypeRecord] = [
        ActionTypeRecord(type: "crm.note", succeeded: 500),  // 100%, 500: chosen first
        ActionTypeRecord(type: "email.send", succeeded: 199, failed: 1),  // exactly 99.5%, 200: chosen third
        ActionTypeRecord(type: "task.create", succeeded: 30),  // 100%, 30: chosen second, under 100 executions
        ActionTypeRecord(type: "crm.update", succeeded: 1_000, rolledBack: 1),  // a rollback: out
        ActionTypeRecord(type: "deal.stage", succeeded: 19),  // 19 < 20 executions: out
        ActionTypeRecord(type: "sms.send", succeeded: 990, failed: 10),  // 99%: out
        ActionTypeRecord(type: "crm.tag", succeeded: 800),  // already in scope: out
    ]

    static func draft(limit: Int = 5, readiness: ReadinessReport = F.assess()) -> ScopeExpansionProposal? {
        ScopeExpansionProposal.draft(
            id: "sep_1", metrics: F.healthyMetrics(), readiness: readiness, currentScope: ["crm.tag"], candidates: records,
            now: F.now, limit: limit)
    }

    @Test func whitelistsCleanRecordsBestFirst() throws {
        let proposal = try #require(Self.draft())
        #expect(proposal.expansion == .init(
            currentPhase: .l3, targetPhase: .l3Plus, commandsToWhitelist: ["crm.note", "task.create", "email.send"],
            validationPeriod: 14))
        #expect(proposal.proposedBy == "autonomy-governance-agent")
        #expect(proposal.requiredApprovals == ["tech-lead", "ops-lead"])
        #expect(proposal.status == .pending)
        #expect(proposal.expiresAt == F.at(days: 14))  // now (day 7) + 7 days
        // task.create has 30 executions, under 100.
        #expect(proposal.riskAssessment.level == .medium)
        #expect(proposal.riskAssessment.mitigations.contains { $0.contains("Circuit breakers") })
        #expect(proposal.riskAssessment.mitigations.contains { $0.contains("kill switch") })
        #expect(proposal.riskAssessment.rollbackPlan.contains("set the level back to L3 and remove crm.note, task.create, email.send"))
        #expect(proposal.rationale.keyAchievements.contains("Readiness 80 of 80 points (100.00%) with every required item passing."))
        #expect(proposal.rationale.keyAchievements.contains("task.create: 30 of 30 executions succeeded (100.00%), none rolled back."))
    }

    @Test func limitKeepsTheBestAndSetsTheRisk() throws {
        let proposal = try #require(Self.draft(limit: 1))
        #expect(proposal.expansion.commandsToWhitelist == ["crm.note"])
        #expect(proposal.riskAssessment.level == .low)
    }

    @Test func noProposalUnlessReadyWithANextLevel() {
        var facts = F.healthyFacts()
        facts.monitoringOperational = false
        #expect(Self.draft(readiness: F.assess(facts)) == nil)
        #expect(Self.draft(readiness: F.assess(phase: .l4Plus)) == nil)
        #expect(Self.draft(readiness: F.assess(phase: .l4))?.expansion.targetPhase == .l4Plus)
    }

    @Test func approvalsCoverRolesInOrderUntilApproved() throws {
        let proposal = try #require(Self.draft())
        let first = try proposal.approving(by: "ana", roles: ["tech-lead", "ops-lead"], at: F.at(days: 8))
        // Holding both, ana covers the first still needed.
        #expect(first.approvals == [ProposalApproval(by: "ana", role: "tech-lead", at: F.at(days: 8))])
        #expect(first.status == .pending)
        #expect(first.stillNeeded == ["ops-lead"])
        let second = try first.approving(by: "bo", roles: ["ops-lead"], at: F.at(days: 9), note: "ok")
        #expect(second.status == .approved)
        #expect(second.approvals.map(\.role) == ["tech-lead", "ops-lead"])
        #expect(throws: ProposalError.notPending(proposal: "sep_1", status: .approved)) {
            try second.approving(by: "cy", roles: ["ops-lead"], at: F.at(days: 9))
        }
    }

    @Test func approvalErrorsNameTheField() throws {
        let proposal = try #require(Self.draft())
        let first = try proposal.approving(by: "ana", roles: ["tech-lead"], at: F.at(days: 8))
        #expect(throws: ProposalError.sameApproverTwice(proposal: "sep_1", principal: "ana")) {
            try first.approving(by: "ana", roles: ["ops-lead"], at: F.at(days: 8))
        }
        do throws(ProposalError) {
            _ = try first.approving(by: "bo", roles: ["tech-lead", "viewer"], at: F.at(days: 8))
            Issue.record("bo holds no role still needed")
        } catch {
            #expect(error == .missingRole(proposal: "sep_1", principal: "bo", needed: ["ops-lead"]))
            #expect(error.field == "requiredApprovals")
            #expect(error.reason == "bo holds none of the roles proposal sep_1 still needs: ops-lead")
        }
        // At expiresAt it has lapsed.
        do throws(ProposalError) {
            _ = try first.approving(by: "cy", roles: ["ops-lead"], at: F.at(days: 14))
            Issue.record("the proposal expired")
        } catch {
            #expect(error.field == "expiresAt")
            #expect(error.description == "expiresAt: proposal sep_1 expired at 2026-11-16T00:00:00.000Z; draft a new one")
        }
    }

    @Test func aRoleListedTwiceNeedsTwoPeople() throws {
        var proposal = try #require(Self.draft())
        proposal.requiredApprovals = ["tech-lead", "tech-lead"]
        let once = try proposal.approving(by: "ana", roles: ["tech-lead"], at: F.at(days: 8))
        #expect(once.status == .pending)
        #expect(try once.approving(by: "bo", roles: ["tech-lead"], at: F.at(days: 8)).status == .approved)
    }

    @Test func pendingProposalsLapseAtExpiry() throws {
        let proposal = try #require(Self.draft())
        #expect(proposal.lapsing(at: F.at(days: 14)).status == .expired)
        #expect(proposal.lapsing(at: F.at(days: 14).adding(milliseconds: -1)).status == .pending)
        let approved = try proposal.approving(by: "ana", roles: ["tech-lead"], at: F.at(days: 8))
            .approving(by: "bo", roles: ["ops-lead"], at: F.at(days: 8))
        #expect(approved.lapsing(at: F.at(days: 30)).status == .approved)
    }
}
