import Testing
import StewardCore
import StewardExpr

/// Policy rules: Cedar's "a matching block overrides any allow", approval, custom reasons,
/// evaluation errors failing towards a person, warn and audit rules without effect.
@Suite struct PolicyCheckTests {
    static let allowNotes = PolicyRule(name: "allow-notes", condition: #"action.type == "create_internal_note""#, effect: .allow)
    static let blockAcct1 = PolicyRule(name: "freeze-acct-1", condition: #"account.id == "acct-1""#, effect: .block)

    @Test(arguments: [[allowNotes, blockAcct1], [blockAcct1, allowNotes]])
    func blockOverridesAllowWhateverTheOrder(rules: [PolicyRule]) {
        let decision = GateFixture.decide(rules: rules)
        let blockIndex = rules.firstIndex { $0.name == "freeze-acct-1" } ?? -1
        #expect(decision.outcome == .block)
        #expect(decision.reason == "POLICY_BLOCK")
        #expect(decision.policyClause == "policy.rules[\(blockIndex)] (freeze-acct-1)")
        #expect(decision.explanation == "The policy rule 'freeze-acct-1' forbids this action.")
    }

    @Test func blockOverridesRequireApproval() {
        let approval = PolicyRule(name: "ask", condition: "true", effect: .requireApproval)
        let decision = GateFixture.decide(rules: [approval, Self.allowNotes, Self.blockAcct1])
        #expect(decision.outcome == .block && decision.policyClause == "policy.rules[2] (freeze-acct-1)")
    }

    @Test func requireApprovalOverridesAllow() {
        let approval = PolicyRule(name: "big-params", condition: "action.params.discount > 20", effect: .requireApproval)
        let input = GateFixture.input(proposal: GateFixture.proposal(params: .object(["discount": .int(30)])))
        let decision = GateFixture.decide(input, rules: [Self.allowNotes, approval])
        #expect(decision.outcome == .requireApproval)
        #expect(decision.reason == "TENANT_POLICY")
        #expect(decision.policyClause == "policy.rules[1] (big-params)")
        #expect(decision.explanation == "The policy rule 'big-params' requires a person to approve this action.")
        // The same rule does not match a smaller discount, and the allow decides.
        let small = GateFixture.input(proposal: GateFixture.proposal(params: .object(["discount": .int(5)])))
        #expect(GateFixture.decide(small, rules: [Self.allowNotes, approval]).outcome == .autoExecute)
    }

    @Test func aRuleCanNameItsOwnReasonAndExplanation() {
        let rule = PolicyRule(
            name: "quiet-hours", condition: "true", effect: .requireApproval, reason: "QUIET_HOURS",
            explanation: "Nothing runs alone between 22:00 and 06:00.")
        let decision = GateFixture.decide(rules: [Self.allowNotes, rule])
        #expect(decision.reason == "QUIET_HOURS")
        #expect(decision.explanation == "Nothing runs alone between 22:00 and 06:00.")
        #expect(decision.policyClause == "policy.rules[1] (quiet-hours)")
    }

    @Test func anEvaluationErrorSendsItToAPersonAndSaysWhy() {
        let broken = PolicyRule(name: "reads-missing", condition: #"action.params.missing == "x""#, effect: .block)
        let decision = GateFixture.decide(rules: [Self.allowNotes, broken])
        #expect(decision.outcome == .requireApproval)
        #expect(decision.reason == "POLICY_ERROR")
        #expect(decision.policyClause == "policy.rules[1] (reads-missing)")
        #expect(decision.explanation.contains("'reads-missing' could not be evaluated"))
        #expect(decision.explanation.contains("missing"))
        // With the key present the same rule evaluates, matches, and blocks.
        let input = GateFixture.input(proposal: GateFixture.proposal(params: .object(["missing": .string("x")])))
        #expect(GateFixture.decide(input, rules: [Self.allowNotes, broken]).outcome == .block)
    }

    @Test func aMatchingBlockStillWinsOverAnEvaluationError() {
        let broken = PolicyRule(name: "reads-missing", condition: "action.params.missing > 1", effect: .allow)
        let decision = GateFixture.decide(rules: [broken, Self.blockAcct1])
        #expect(decision.outcome == .block && decision.reason == "POLICY_BLOCK")
    }

    /// QA (spine) MEDIUM-1: an amount sent as a string made the block rule fail while another rule
    /// asked for a person; the failure was recorded nowhere, and two approvers ran the transfer.
    @Test func aBlockRuleThatCannotBeEvaluatedIsShownToThePersonWhoDecides() {
        let guardRule = PolicyRule(name: "big-transfer", condition: "action.params.amount > 10000", effect: .block)
        let ask = PolicyRule(name: "ask", condition: "true", effect: .requireApproval)
        let input = GateFixture.input(proposal: GateFixture.proposal(params: .object(["amount": .string("99999")])))
        let decision = GateFixture.decide(input, rules: [guardRule, ask, Self.allowNotes])
        #expect(decision.outcome == .requireApproval && decision.policyClause == "policy.rules[1] (ask)")
        #expect(decision.warnings.map(\.rule) == ["big-transfer"] && decision.warnings.first?.reason == "POLICY_ERROR")
        #expect(decision.explanation.contains("The block rule 'big-transfer' could not be evaluated"), "\(decision.explanation)")
        // A matching block decides alone; the failure is still listed.
        let block = GateFixture.decide(input, rules: [guardRule, Self.blockAcct1])
        #expect(block.outcome == .block && block.warnings.map(\.rule) == ["big-transfer"])
    }

    /// QA r4 config M2: when another check (here the tenant's approve mode) asks the person, the
    /// block rule that could not say no was named only in the policy check's detail.
    @Test func aBlockRuleThatCannotBeEvaluatedIsShownWhicheverCheckAsksThePerson() {
        let guardRule = PolicyRule(name: "big-transfer", condition: "double(action.params.amount) > 1000.0", effect: .block)
        let input = GateFixture.input(
            proposal: GateFixture.proposal(params: .object(["amt": .int(5000)])),
            autonomy: AutonomyState(tenantMode: .approve, autopilotScope: GateFixture.lowRiskNames))
        let decision = GateFixture.decide(input, rules: [Self.allowNotes, guardRule])
        #expect(decision.outcome == .requireApproval && decision.reason != "POLICY_ERROR", "\(decision.reason)")
        #expect(decision.warnings.map(\.rule) == ["big-transfer"] && decision.warnings.first?.reason == "POLICY_ERROR")
        #expect(decision.explanation.contains(" The block rule 'big-transfer' could not be evaluated ("), "\(decision.explanation)")
        #expect(decision.explanation.hasSuffix("check what it guards before approving."))
    }

    @Test func withoutAMatchingAllowNobodyGavePermission() {
        let decision = GateFixture.decide(rules: [PolicyRule(name: "allow-drafts", condition: #"action.type == "draft_email""#, effect: .allow)])
        #expect(decision.outcome == .requireApproval)
        #expect(decision.reason == "NO_POLICY_ALLOWS")
        #expect(decision.policyClause == "policy.rules")
        #expect(decision.explanation.contains("create_internal_note"))
        #expect(GateFixture.decide(rules: []).reason == "NO_POLICY_ALLOWS")
    }

    @Test(arguments: [RuleMode.warn, .audit])
    func warnAndAuditRulesAreReportedWithoutEffect(mode: RuleMode) {
        let shadow = PolicyRule(name: "shadow-block", condition: "true", effect: .block, mode: mode, reason: "SHADOW")
        let silent = PolicyRule(name: "never", condition: "false", effect: .block, mode: mode)
        let decision = GateFixture.decide(rules: [shadow, silent, Self.allowNotes])
        #expect(decision.outcome == .autoExecute)
        #expect(decision.policyClause == "policy.rules[2] (allow-notes)")
        let found = mode == .warn ? decision.warnings : decision.audits
        let other = mode == .warn ? decision.audits : decision.warnings
        #expect(found == [RuleFinding(rule: "shadow-block", effect: .block, reason: "SHADOW", explanation: shadow.explanation)])
        #expect(other.isEmpty)
    }

    @Test func aWarnRuleThatFailsIsReportedAsAnErrorWithoutEffect() {
        let broken = PolicyRule(name: "reads-missing", condition: "action.params.missing > 1", effect: .block, mode: .warn)
        let decision = GateFixture.decide(rules: [broken, Self.allowNotes])
        #expect(decision.outcome == .autoExecute)
        #expect(decision.warnings.map(\.rule) == ["reads-missing"])
        #expect(decision.warnings.first?.reason == "POLICY_ERROR")
    }

    @Test func rulesReadTheDeclaredVariables() {
        let rules = [
            #"account.mode == "autopilot" && tenant.mode == "autopilot" && tenant.tier == "standard""#,
            #"budget.spentUsd == 1.0 && budget.capUsd == 100.0 && budget.remainingUsd == 99.0"#,
            #"budget.accountActionsToday == 0 && budget.accountDailyLimit == 10"#,
            #"action.risk == "low" && !action.external && action.reversible && action.idempotent"#,
            #"action.costUsd == 0.002 && action.domain == "Revenue" && action.trigger == "agent""#,
            #"action.impactPoints == 1.0 && action.affectedAccounts == 1 && agent.name == "scout""#,
            #"account.id == "acct-1" && tenant.id == "acme" && !account.scheduledOptIn"#,
            #"now == timestamp("2026-11-21T10:00:00Z")"#,
        ]
        for (index, condition) in rules.enumerated() {
            let rule = PolicyRule(name: "r\(index)", condition: condition, effect: .allow)
            #expect(GateFixture.decide(rules: [rule]).outcome == .autoExecute, "\(condition)")
        }
    }

    @Test func compileErrorsNameEveryFailingRule() throws {
        let rules = [
            PolicyRule(name: "fine", condition: "true", effect: .allow),
            PolicyRule(name: "broken-syntax", condition: "action.type ==", effect: .block),
            PolicyRule(name: "also-fine", condition: "action.costUsd > 1.0", effect: .block),
            PolicyRule(name: "undeclared", condition: "agent.errorRate > 0.1", effect: .block),
        ]
        let error = #expect(throws: PolicyCompileErrors.self) { try CompiledPolicy(rules) }
        let problems = try #require(error).problems
        #expect(problems.map(\.index) == [1, 3])
        #expect(problems.map(\.rule) == ["broken-syntax", "undeclared"])
        #expect(problems[0].errors.errors.contains { $0.code == .syntax })
        #expect(problems[1].errors.errors.contains { $0.code == .undeclaredReference })
        let text = try #require(error).description
        #expect(text.contains("policy.rules[1] (broken-syntax)") && text.contains("policy.rules[3] (undeclared)"))
    }

    @Test func aConditionMustBeBoolean() throws {
        let error = #expect(throws: PolicyCompileErrors.self) {
            try CompiledPolicy([PolicyRule(name: "cost", condition: "action.costUsd", effect: .block)])
        }
        #expect(try #require(error).problems.map(\.index) == [0])
    }

    @Test func compiledRulesKeepTheirOrderAndClauses() throws {
        let policy = try CompiledPolicy([Self.allowNotes, Self.blockAcct1])
        #expect(policy.rules.map(\.clause) == ["policy.rules[0] (allow-notes)", "policy.rules[1] (freeze-acct-1)"])
        #expect(CompiledPolicy.empty.rules.isEmpty)
    }
}
