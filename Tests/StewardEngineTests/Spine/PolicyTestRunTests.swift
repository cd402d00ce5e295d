import Foundation
import StewardConfig
import StewardCore
import StewardEngine
import Testing

@Suite("Policy tests (steward policy test)")
struct PolicyTestRunTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    static func rules(_ configuration: StewardConfiguration) throws -> SpineRules {
        try SpineRules(configuration: configuration, revision: "test-rev")
    }

    static func test(_ yaml: String) throws -> PolicyTest {
        let tests = try PolicyTestLoader.load(yaml: yaml)
        return try #require(tests.first)
    }

    @Test("The shipped examples/policy-tests.yaml passes against examples/steward.yaml")
    func shippedExamples() throws {
        let config = try ConfigurationLoader.load(path: Self.repository.appendingPathComponent("examples/steward.yaml").path, environment: [:])
        let tests = try PolicyTestLoader.load(path: Self.repository.appendingPathComponent("examples/policy-tests.yaml").path)
        let results = PolicyTestRun.run(tests, rules: try SpineRules(configuration: config.configuration, revision: config.revision))
        #expect(results.count >= 10)
        for result in results { #expect(result.passed, "\(result.test.name): \(result.failures)") }
        #expect(Set(results.compactMap { $0.decision?.outcome }) == Set(GateOutcome.allCases), "the examples cover every outcome")
    }

    @Test("A wrong expectation fails and says, field by field, what the gate decided instead")
    func mismatches() throws {
        var c = StewardConfiguration.default
        c.policy.rules.append(PolicyRule(name: "shadow-notes", condition: #"action.type == "create_internal_note""#, effect: .block, mode: .warn))
        let test = try Self.test("""
            tests:
              - name: wrong on purpose
                proposal: {type: create_internal_note, agent: CRO, account: acme}
                given: {tenantMode: autopilot}
                expect: {outcome: BLOCK, reason: KILL_SWITCH, rule: high-risk-needs-approval, findings: []}
            """)
        let result = PolicyTestRun.run(test, rules: try Self.rules(c))
        #expect(!result.passed)
        #expect(result.failures == [
            "outcome: expected BLOCK, got AUTO_EXECUTE",
            "reason: expected KILL_SWITCH, got POLICY_ALLOW",
            "rule: expected 'high-risk-needs-approval', got 'policy.rules[0] (allow-low-risk-internal)'",
            "findings: expected [], got [shadow-notes]",
        ])
    }

    @Test("Assumed state decides as the same state stored through the spine does")
    func assumedMatchesStored() async throws {
        let f = try SpineFixture(configuration: SpineFixture.autopilot())
        defer { f.close() }
        _ = try await f.spine.setKillSwitch(tenant: "default", engaged: true, reason: "drill", actor: "key:ops")
        let proposal = ActionProposal(id: "act_x", tenant: "default", agent: "CRO", account: "acme", type: "create_internal_note")
        let stored = try await f.spine.evaluate(proposal).decision
        let test = try Self.test("""
            tests:
              - name: kill switch
                proposal: {type: create_internal_note, agent: CRO, account: acme}
                given: {killSwitch: true}
                expect: {outcome: REQUIRE_APPROVAL}
            """)
        let assumed = try #require(PolicyTestRun.run(test, rules: try Self.rules(SpineFixture.autopilot())).decision)
        #expect(assumed.outcome == stored.outcome)
        #expect(assumed.reason == stored.reason && assumed.reason == "KILL_SWITCH")
        #expect(assumed.policyClause == stored.policyClause)
        #expect(assumed.checks.map(\.passed) == stored.checks.map(\.passed))
    }

    @Test("Each assumption reaches the gate")
    func assumptions() throws {
        let rules = try Self.rules(.default)
        func decide(_ given: String, type: String = "create_internal_note", trigger: String = "agent") throws -> GateDecision {
            let test = try Self.test("""
                tests:
                  - name: t
                    proposal: {type: \(type), agent: CRO, account: acme, trigger: \(trigger)}
                    given: \(given)
                    expect: {outcome: AUTO_EXECUTE}
                """)
            return try #require(PolicyTestRun.run(test, rules: rules).decision)
        }
        #expect(try decide("{}").reason == "MODE_APPROVE")
        #expect(try decide("{tenantMode: autopilot}").outcome == .autoExecute)
        #expect(try decide("{tenantMode: autopilot, accountMode: assist}").outcome != .autoExecute)
        #expect(try decide("{tenantMode: autopilot, autopilotScope: [draft_email]}").outcome == .requireApproval)
        #expect(try decide("{tenantMode: autopilot, openBreakers: [{name: b, blocks: true}]}").outcome == .block)
        #expect(try decide("{tenantMode: autopilot, openActions: 20}").reason == "ACTION_SATURATION")
        #expect(try decide("{tenantMode: autopilot, spentUsd: 25}", type: "draft_email").reason == "BUDGET_EXCEEDED")
        #expect(try decide("{tenantMode: autopilot, autonomousToday: 20}").reason == "AUTONOMY_BUDGET_EXHAUSTED")
        let deferred = try decide("{tenantMode: scheduled, scheduledOptIn: true, minutesSinceLastDecision: 10, now: '2026-03-02T09:00:00Z'}", trigger: "schedule")
        #expect(deferred.outcome == .defer_ && deferred.deferUntil == Timestamp(rfc3339: "2026-03-02T09:50:00Z"))
    }

    @Test("Coverage names the tests each rule decided or matched in, and the rules no test reached")
    func coverage() throws {
        var c = StewardConfiguration.default
        c.policy.rules.append(PolicyRule(name: "shadow-notes", condition: #"action.type == "create_internal_note""#, effect: .block, mode: .warn))
        let tests = try PolicyTestLoader.load(yaml: """
            tests:
              - {name: note, proposal: {type: create_internal_note, agent: CRO}, given: {tenantMode: autopilot}, expect: {outcome: AUTO_EXECUTE}}
              - {name: email, proposal: {type: send_email, agent: CRO}, given: {tenantMode: autopilot}, expect: {outcome: REQUIRE_APPROVAL}}
            """)
        let coverage = PolicyCoverage(PolicyTestRun.run(tests, rules: try Self.rules(c)), policy: c.policy.rules)
        #expect(coverage.rules.map(\.tests) == [["note"], [], [], ["note"]])
        // The gate's own check of external types decides before the policy: the rule is never reached.
        #expect(coverage.untested == ["external-contact-needs-approval", "high-risk-needs-approval"])
    }

    @Test("A proposal the API would refuse fails the test with the refusal")
    func refusedProposal() throws {
        let test = try Self.test("""
            tests:
              - name: unknown type
                proposal: {type: create_internal_nte, agent: CRO}
                expect: {outcome: BLOCK}
            """)
        let result = PolicyTestRun.run(test, rules: try Self.rules(.default))
        #expect(result.decision == nil)
        #expect(result.failures.count == 1 && result.failures[0].contains("did you mean 'create_internal_note'"))
    }
}
