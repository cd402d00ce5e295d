import StewardConfig
import StewardCore
import Testing

@Suite("Policy test files")
struct PolicyTestFileTests {
    static func problems(_ yaml: String) -> [String] {
        do {
            _ = try PolicyTestLoader.load(yaml: yaml, file: "t.yaml")
            return []
        } catch {
            return error.errors.map(\.description)
        }
    }

    @Test("Reads a test's proposal, assumptions and expectation, with where it is written")
    func reads() throws {
        let tests = try PolicyTestLoader.load(yaml: """
            tests:
              - name: a breaker holds notes
                proposal:
                  type: create_internal_note
                  agent: CRO
                  account: acme
                  trigger: schedule
                  params: {text: hi, n: 2}
                  affectedAccounts: 3
                given:
                  now: 2026-02-03T04:05:06Z
                  tenantMode: scheduled
                  scheduledOptIn: true
                  killSwitch: true
                  spentUsd: 1.5
                  minutesSinceLastDecision: 7
                  successProbability: 0.25
                  openBreakers: [{name: crm, actionTypes: [send_email], agents: [CRO], blocks: true}]
                expect: {outcome: REQUIRE_APPROVAL, reason: KILL_SWITCH, clause: kill-switch, findings: [r1]}
            """, file: "t.yaml")
        let test = try #require(tests.first)
        #expect(test.name == "a breaker holds notes" && test.location == "t.yaml:2:5")
        #expect(test.proposal.type == "create_internal_note" && test.proposal.agent == "CRO" && test.proposal.account == "acme")
        #expect(test.proposal.tenant == "default" && test.proposal.trigger == .schedule && test.proposal.affectedAccounts == 3)
        #expect(test.proposal.params == ["text": "hi", "n": 2])
        #expect(test.given.now == Timestamp(rfc3339: "2026-02-03T04:05:06Z"))
        #expect(test.given.tenantMode == .scheduled && test.given.scheduledOptIn == true && test.given.killSwitch)
        #expect(test.given.spentUsd == 1.5 && test.given.minutesSinceLastDecision == 7 && test.given.successProbability == 0.25)
        #expect(test.given.openBreakers == [OpenBreaker(name: "crm", actionTypes: ["send_email"], agents: ["CRO"], blocks: true, reason: "assumed open by the test")])
        #expect(test.expect == PolicyExpectation(outcome: .requireApproval, reason: "KILL_SWITCH", clause: "kill-switch", findings: ["r1"]))
    }

    @Test("Every problem is reported at once, located, with a suggestion for a misspelt key")
    func problems() {
        #expect(Self.problems("""
            tests:
              - name: one
                proposal: {type: create_internal_note, agnt: CRO}
                given: {killSwich: true, spentUsd: -1}
                expect: {outcome: MAYBE}
              - name: two
                proposal: {type: send_email, agent: CRO}
                given: {accountMode: approve}
                expect: {}
              - name: three
                proposal: {type: send_email, agent: CRO}
                given: {accountMode: approve, spentUsd: -1}
                expect: {outcome: BLOCK}
            """) == [
            "t.yaml:3:15: tests[0].proposal: missing required key 'agent' (a name of letters, digits, '.', '_' or '-' starting with a letter or digit)",
            "t.yaml:3:44: tests[0].proposal.agnt: unknown key 'agnt'; did you mean 'agent'?",
            "t.yaml:4:13: tests[0].given.killSwich: unknown key 'killSwich'; did you mean 'killSwitch'?",
            "t.yaml:4:40: tests[0].given.spentUsd: must be at least 0, got -1",
            "t.yaml:5:23: tests[0].expect.outcome: expected one of BLOCK, DEFER, REQUIRE_APPROVAL, AUTO_EXECUTE, got 'MAYBE'",
            "t.yaml:8:12: tests[1].given: accountMode and scheduledOptIn need the proposal's account",
            "t.yaml:9:13: tests[1].expect: 'expect' needs at least one of outcome, reason, rule, clause or findings",
            // A fault elsewhere in `given` does not hide this one.
            "t.yaml:12:12: tests[2].given: accountMode and scheduledOptIn need the proposal's account",
            "t.yaml:12:45: tests[2].given.spentUsd: must be at least 0, got -1",
        ])
    }

    @Test("A file needs tests, each with its own name")
    func namesAndEmptiness() {
        #expect(Self.problems("tests: []") == ["t.yaml:1:8: tests: a test file needs a non-empty list 'tests'"])
        #expect(Self.problems("other: 1").contains("t.yaml:1:1: other: unknown key 'other'; expected one of 'tests'"))
        let twice = Self.problems("""
            tests:
              - {name: same, proposal: {type: a, agent: b}, expect: {outcome: BLOCK}}
              - {name: same, proposal: {type: a, agent: b}, expect: {outcome: BLOCK}}
            """)
        #expect(twice == ["t.yaml:3:12: tests[1].name: test name 'same' is used twice (first at t.yaml:2:5)"])
    }

    /// QA: the names only the configuration declares were checked in a second stage, after the
    /// file's other problems were fixed, at the test's node, without the `tests[i].` prefix and
    /// without a suggestion; a repeated name hid every other problem of the repeat.
    @Test("Names the configuration must declare are checked with everything else, each where it is written")
    func references() {
        var configuration = StewardConfiguration.default
        configuration.tenants = [TenantSpec(id: "acme", name: "Acme", tier: .standard), TenantSpec(id: "globex", name: "Globex", tier: .standard)]
        let rules = configuration.policy.rules.map(\.name).joined(separator: ", ")
        let problems: [String]
        do {
            _ = try PolicyTestLoader.load(yaml: """
                tests:
                  - name: t1
                    proposal: {type: pricey_not, agent: ops-bot, tenant: acme}
                    expect: {outcom: AUTO_EXECUTE}
                  - name: t1
                    proposal: {type: pricey_note, agent: ops-bot, tenant: acmee}
                    given: {tenantMod: autopilot, autopilotScope: [send_email, nosuch, create_internal_note]}
                    expect: {outcome: AUTO_EXECUT, rule: allow-low-risk, findings: [external-contact-needs-approval, shadow]}
                  - name: t3
                    proposal: {type: pricey_note, agent: ops-bot}
                    expect: {outcome: BLOCK}
                """, file: "t.yaml", configuration: configuration)
            problems = []
        } catch {
            problems = error.errors.map(\.description)
        }
        #expect(problems == [
            "t.yaml:4:14: tests[0].expect.outcom: unknown key 'outcom'; did you mean 'outcome'?",
            "t.yaml:5:11: tests[1].name: test name 't1' is used twice (first at t.yaml:2:5)",
            "t.yaml:6:59: tests[1].proposal.tenant: tenant 'acmee' is not declared in the configuration (tenants: acme, globex); did you mean 'acme'?",
            "t.yaml:7:13: tests[1].given.tenantMod: unknown key 'tenantMod'; did you mean 'tenantMode'?",
            "t.yaml:7:52: tests[1].given.autopilotScope[0]: 'send_email' is external and never runs without a person, so it cannot be in the autopilot scope",
            "t.yaml:7:64: tests[1].given.autopilotScope[1]: unknown action type 'nosuch'",
            "t.yaml:8:23: tests[1].expect.outcome: expected one of BLOCK, DEFER, REQUIRE_APPROVAL, AUTO_EXECUTE, got 'AUTO_EXECUT'; did you mean 'AUTO_EXECUTE'?",
            "t.yaml:8:42: tests[1].expect.rule: the policy has no rule 'allow-low-risk' (rules: \(rules)); did you mean 'allow-low-risk-internal'?",
            "t.yaml:8:102: tests[1].expect.findings[1]: the policy has no rule 'shadow' (rules: \(rules))",
            "t.yaml:10:15: tests[2].proposal.tenant: tenant 'default' is not declared in the configuration (tenants: acme, globex)",
        ])
    }
}
