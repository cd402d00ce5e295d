import StewardExpr
import StewardCore

/// Checks a proposal before it reaches the gate, naming every offending field.
public enum ProposalCheck {
    static let maxParamsBytes = 64 * 1024

    static func validate(_ p: ActionProposal, rules: SpineRules) throws(SpineError) -> ActionType {
        var problems: [SpineError.FieldProblem] = []
        let type = rules.types[p.type]
        if type == nil {
            let known = rules.types.keys.sorted()
            let hint = Suggestion.closest(to: p.type, among: known).map { " (did you mean '\($0)'?)" } ?? ""
            problems.append(.init(field: "type", reason: "unknown action type '\(p.type)'\(hint); known: \(known.joined(separator: ", "))"))
        }
        if !isName(p.agent) {
            problems.append(nameProblem("agent"))
        } else if let problem = undeclaredAgentProblem(p, rules: rules) {
            problems.append(problem)
        }
        if let account = p.account, !isName(account) {
            problems.append(nameProblem("account"))
        }
        if case .object = p.params {} else { problems.append(.init(field: "params", reason: "must be a JSON object")) }
        if let bytes = try? CanonicalJSON.encode(p.params), bytes.count > maxParamsBytes {
            problems.append(.init(field: "params", reason: "is \(bytes.count) bytes; at most \(maxParamsBytes)"))
        }
        if let points = p.impactPoints, !(points.isFinite && points >= 0 && points <= 1_000_000) {
            problems.append(.init(field: "impactPoints", reason: "must be a number from 0 to 1000000"))
        }
        if !(1...1_000_000).contains(p.affectedAccounts) {
            problems.append(.init(field: "affectedAccounts", reason: "must be an integer from 1 to 1000000"))
        }
        guard problems.isEmpty, let type else { throw .invalid(problems) }
        return type
    }

    /// An agent steward.yaml declares only for other tenants is refused, and with auto-registration
    /// off so is one it does not declare, as signals are. A remediation step acts for an agent the
    /// signal intake already admitted.
    static func undeclaredAgentProblem(_ p: ActionProposal, rules: SpineRules) -> SpineError.FieldProblem? {
        if p.trigger != .remediation, let reason = rules.agents.foreignAgentReason(p.agent, tenant: p.tenant) {
            return .init(field: "agent", reason: reason)
        }
        guard !rules.configuration.remediation.signals.autoRegister, p.trigger != .remediation,
              rules.agents.agent(named: p.agent, tenant: p.tenant) == nil else { return nil }
        return .init(
            field: "agent",
            reason: rules.configuration.undeclaredAgentReason(p.agent, tenant: p.tenant))
    }

    /// What is wrong with a field that is not a name.
    static func nameProblem(_ field: String) -> SpineError.FieldProblem {
        .init(field: field, reason: APIName.rule)
    }

    /// The account as a name, or the refusal naming `account`.
    static func requireAccount(_ account: String) throws(SpineError) {
        guard isName(account) else { throw .invalid([nameProblem("account")]) }
    }

    /// Whether `s` follows the API's naming rule (``APIName``).
    public static func isName(_ s: String) -> Bool { APIName.isValid(s) }
}
