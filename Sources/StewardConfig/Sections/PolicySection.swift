import StewardCore
import StewardExpr

/// `policy:` the gate's rules. `rules:` replaces the shipped rules as a whole: a policy is read
/// top to bottom by people, so it is never a merge of two lists.
enum PolicySection: ConfigurationSection {
    static let key = "policy"
    static let rulesPath = "policy.rules"

    static func read(_ node: ConfigNode, into configuration: inout StewardConfiguration) {
        node.mapping { m in
            if let rules = m.child("rules").list(readRule) { configuration.policy.rules = rules }
        }
        UniqueNames.check(writtenIn: rulesPath, kind: "policy rule", in: node.context)
    }

    /// One rule; nil when a field is invalid. Its condition is compiled all the same, so that a
    /// fault in it is listed with the others rather than after they are fixed.
    private static func readRule(_ node: ConfigNode) -> PolicyRule? {
        var rule: PolicyRule?
        node.mapping { m in
            let name = m.name()
            let condition = m.require("when", as: .text)
            let effect = m.require("effect", as: .choice) as PolicyEffect?
            var mode = RuleMode.enforce
            m.read("mode", into: &mode, as: .choice)
            var reason: String?
            m.read("reason", into: &reason, as: .reasonCode)
            var explanation: String?
            m.read("explanation", into: &explanation, as: .text)
            if let condition { m.child("when").checkCondition(condition, in: PolicyInput.environment, as: name.map { "condition of rule '\($0)'" } ?? "condition") }
            guard let name, let condition, let effect else { return }
            rule = PolicyRule(name: name, condition: condition, effect: effect, mode: mode, reason: reason, explanation: explanation)
        }
        return rule
    }
}

extension SettingType where Value == String {
    /// A reason code: upper-case letters, digits and underscores (`EXTERNAL_CONTACT`).
    static var reasonCode: Self {
        .scalar("an upper-case code of letters, digits and '_' (EXTERNAL_CONTACT)", allowsQuoted: true, parse: { text in
            !text.isEmpty && text.count <= 64 && text.allSatisfy { $0.isASCII && ($0.isUppercase || $0.isNumber || $0 == "_") } ? text : nil
        })
    }
}
