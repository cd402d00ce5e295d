/// What offline replay found: recorded decisions against those a changed configuration makes
/// from the same recorded inputs.
public struct ReplaySummary: Sendable, Hashable, Codable {
    /// One decision that would change.
    public struct Change: Sendable, Hashable, Codable {
        /// The action.
        public var action: String
        /// Its type.
        public var type: String
        /// The recorded outcome and reason.
        public var from: String
        /// The replayed outcome and reason.
        public var to: String
        /// The clause that decides now.
        public var clause: String?
    }

    /// Decisions replayed.
    public var replayed: Int = 0
    /// Decisions whose outcome would change.
    public var changed: Int = 0
    /// Decisions whose outcome stays but whose reason would change.
    public var reasonChanged: Int = 0
    /// Changed outcomes by transition (`REQUIRE_APPROVAL → AUTO_EXECUTE`).
    public var transitions: [String: Int] = [:]
    /// Changed outcomes by the new deciding reason and clause.
    public var byRule: [String: Int] = [:]
    /// Rules in warn or audit mode that would match, by rule.
    public var shadowMatches: [String: Int] = [:]
    /// Rules in warn or audit mode whose condition would fail to evaluate (`POLICY_ERROR`), by
    /// rule: a broken shadow rule must not look like one that matches everything.
    public var shadowErrors: [String: Int] = [:]
    /// Enforced rules whose condition would fail to evaluate, by rule: they decide nothing (a
    /// block rule among them stops nothing), so they are named apart from the shadow rules.
    public var enforcedErrors: [String: Int] = [:]
    /// The first changes, for a person to look at.
    public var examples: [Change] = []

    /// An empty summary.
    public init() {}

    /// Adds one replayed decision; `enforced` names the replayed policy's rules in enforce mode.
    public mutating func add(action: String, type: String, recorded: GateDecision, replayed new: GateDecision, enforced: Set<String> = []) {
        replayed += 1
        for finding in new.warnings + new.audits {
            if finding.reason != "POLICY_ERROR" {
                shadowMatches[finding.rule, default: 0] += 1
            } else if enforced.contains(finding.rule) {
                enforcedErrors[finding.rule, default: 0] += 1
            } else {
                shadowErrors[finding.rule, default: 0] += 1
            }
        }
        if recorded.outcome != new.outcome {
            changed += 1
            transitions["\(recorded.outcome.rawValue) → \(new.outcome.rawValue)", default: 0] += 1
            byRule["\(new.reason) (\(new.policyClause ?? "-"))", default: 0] += 1
            if examples.count < 20 {
                examples.append(Change(
                    action: action, type: type, from: "\(recorded.outcome.rawValue) \(recorded.reason)",
                    to: "\(new.outcome.rawValue) \(new.reason)", clause: new.policyClause))
            }
        } else if recorded.reason != new.reason {
            reasonChanged += 1
        }
    }
}
