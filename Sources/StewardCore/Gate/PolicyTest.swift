/// A policy test, as `opa test` has them: a proposal, what to assume of the state the gate reads,
/// and the decision expected. `steward policy test` runs a file of them against a steward.yaml.
public struct PolicyTest: Sendable, Hashable {
    /// What the test is about, in the file's words.
    public var name: String
    /// Where it is written (`file:line:column`), for the report.
    public var location: String
    /// The proposal to decide.
    public var proposal: ActionProposal
    /// The state to assume instead of reading it.
    public var given: GateAssumptions
    /// The decision expected.
    public var expect: PolicyExpectation

    /// A test.
    public init(name: String, location: String, proposal: ActionProposal, given: GateAssumptions, expect: PolicyExpectation) {
        self.name = name
        self.location = location
        self.proposal = proposal
        self.given = given
        self.expect = expect
    }
}

/// The state a policy test assumes; what it leaves out is the configuration's (modes, scope,
/// accounts' settings) or nothing at all (nothing spent, counted, open or learned).
public struct GateAssumptions: Sendable, Hashable {
    /// The instant of the decision; the default is fixed, so a test decides the same every run.
    public var now = GateAssumptions.defaultNow
    /// The tenant's mode instead of the configured one.
    public var tenantMode: AutonomyMode?
    /// The account's mode instead of its configured one (if any).
    public var accountMode: AutonomyMode?
    /// Whether the account opted in to scheduled runs.
    public var scheduledOptIn: Bool?
    /// The autopilot scope instead of the configured one.
    public var autopilotScope: [String]?
    /// The governance level in force.
    public var level: AutonomyLevel?
    /// Whether the kill switch is engaged.
    public var killSwitch = false
    /// US dollars spent today from the budget the proposal draws on.
    public var spentUsd = 0.0
    /// Autonomous actions the account ran today.
    public var autonomousToday = 0
    /// The account's open actions.
    public var openActions = 0
    /// Minutes since the gate last decided for the account; nil: never.
    public var minutesSinceLastDecision: Double?
    /// Escalations raised today.
    public var escalationsToday = 0
    /// The learned chance of success; nil: nothing learned (0.5).
    public var successProbability: Double?
    /// Breakers open now.
    public var openBreakers: [OpenBreaker] = []

    /// 2026-01-07T12:00:00Z, a Wednesday at noon UTC.
    public static let defaultNow = Timestamp(millisecondsSinceEpoch: 1_767_787_200_000)

    /// Nothing assumed beyond the configuration.
    public init() {}
}

/// What a policy test expects of the decision; what it leaves out is not checked.
public struct PolicyExpectation: Sendable, Hashable {
    /// AUTO_EXECUTE, REQUIRE_APPROVAL, DEFER or BLOCK.
    public var outcome: GateOutcome?
    /// The reason code (`KILL_SWITCH`, a rule's reason, ...).
    public var reason: String?
    /// The name of the policy rule that decides.
    public var rule: String?
    /// The clause the decision cites (`kill-switch`, `costGate`, `policy.rules[2] (name)`).
    public var clause: String?
    /// The warn- and audit-mode rules that match, exactly.
    public var findings: [String]?

    /// An expectation.
    public init(outcome: GateOutcome? = nil, reason: String? = nil, rule: String? = nil, clause: String? = nil, findings: [String]? = nil) {
        self.outcome = outcome
        self.reason = reason
        self.rule = rule
        self.clause = clause
        self.findings = findings
    }

    /// Whether it checks anything at all.
    public var isEmpty: Bool { outcome == nil && reason == nil && rule == nil && clause == nil && findings == nil }

    /// Each way `decision` differs from what is expected, as a sentence; empty when it passes.
    public func mismatches(_ decision: GateDecision) -> [String] {
        var found: [String] = []
        if let outcome, outcome != decision.outcome {
            found.append("outcome: expected \(outcome.rawValue), got \(decision.outcome.rawValue)")
        }
        if let reason, reason != decision.reason {
            found.append("reason: expected \(reason), got \(decision.reason)")
        }
        if let rule, rule != Self.ruleName(decision.policyClause) {
            found.append("rule: expected '\(rule)', got \(decision.policyClause.map { "'\($0)'" } ?? "no clause")")
        }
        if let clause, clause != decision.policyClause {
            found.append("clause: expected '\(clause)', got \(decision.policyClause.map { "'\($0)'" } ?? "no clause")")
        }
        if let findings {
            let matched = (decision.warnings + decision.audits).map(\.rule).sorted()
            if matched != findings.sorted() {
                found.append("findings: expected [\(findings.sorted().joined(separator: ", "))], got [\(matched.joined(separator: ", "))]")
            }
        }
        return found
    }

    /// The rule a policy clause names: `policy.rules[2] (block-big-discounts)` → `block-big-discounts`.
    static func ruleName(_ clause: String?) -> String? {
        guard let clause, clause.hasPrefix("policy.rules["), clause.hasSuffix(")"), let open = clause.firstIndex(of: "(") else { return nil }
        return String(clause[clause.index(after: open)..<clause.index(before: clause.endIndex)])
    }
}
