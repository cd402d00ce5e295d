/// What the gate decided for a proposal. Ordered from most to least restrictive: the gate's
/// decision is the most restrictive outcome any check imposed.
public enum GateOutcome: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    /// Refused; it will not run.
    case block = "BLOCK"
    /// Not now: the cost gate re-queues it to `deferUntil`, when the gate runs again.
    case defer_ = "DEFER"
    /// A person decides.
    case requireApproval = "REQUIRE_APPROVAL"
    /// Runs without a person.
    case autoExecute = "AUTO_EXECUTE"

    private var rank: Int {
        switch self {
        case .block: 0
        case .defer_: 1
        case .requireApproval: 2
        case .autoExecute: 3
        }
    }

    /// More restrictive sorts first.
    public static func < (a: GateOutcome, b: GateOutcome) -> Bool { a.rank < b.rank }
}

/// The checks of the gate, in the order they run (DESIGN.md, "The spine").
public enum GateCheckName: String, Sendable, Hashable, Codable, CaseIterable {
    case killSwitch = "kill_switch"
    case breakers
    case autonomy
    case policy
    case costGate = "cost_gate"
    case budgets
    case risk
}

/// One check's verdict, kept in the decision's trace whether it passed or not.
public struct GateCheck: Sendable, Hashable, Codable {
    /// Which check.
    public var name: GateCheckName
    /// Whether it let the proposal through as far as it is concerned.
    public var passed: Bool
    /// The most the check allows (``GateOutcome/autoExecute`` when it passed).
    public var ceiling: GateOutcome
    /// The reason code when it did not pass (`KILL_SWITCH`), or the passing code (`WITHIN_BUDGET`).
    public var reason: String
    /// Why, in a sentence.
    public var detail: String
    /// The rule or setting that decided (`policy.rules[2] block-pricing`), if one did.
    public var clause: String?

    /// Creates a check verdict.
    public init(name: GateCheckName, passed: Bool, ceiling: GateOutcome, reason: String, detail: String, clause: String? = nil) {
        self.name = name
        self.passed = passed
        self.ceiling = ceiling
        self.reason = reason
        self.detail = detail
        self.clause = clause
    }
}
