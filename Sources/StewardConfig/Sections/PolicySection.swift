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
    }

    private static func readRule(_ node: ConfigNode) -> PolicyRule? {
        var rule: PolicyRule?
        node.mapping { m in
            let name = m.require("name", as: .name)
            let condition = m.require("when", as: .text)
            let effect = m.require("effect", as: .choice) as PolicyEffect?
            var mode = RuleMode.enforce
            m.read("mode", into: &mode, as: .choice)
            var reason: String?
            m.read("reason", into: &reason, as: .reasonCode)
            var explanation: String?
            m.read("explanation", into: &explanation, as: .text)
            guard let name, let condition, let effect else { return }
            rule = PolicyRule(name: name, condition: condition, effect: effect, mode: mode, reason: reason, explanation: explanation)
        }
        return rule
    }

    static func check(_ configuration: StewardConfiguration, in context: ReadContext) {
        UniqueNames.check(
            configuration.policy.rules.map(\.name), kind: "policy rule", at: { "\(context.element($0, ofList: rulesPath)).name" },
            in: context)
        do throws(PolicyCompileErrors) {
            _ = try CompiledPolicy(configuration.policy.rules)
        } catch {
            for problem in error.problems {
                let path = "\(context.element(problem.index, ofList: rulesPath)).when"
                for expr in problem.errors.errors {
                    context.report("condition of rule '\(problem.rule)': \(expr.description)", at: path, origin: context.origin(of: path))
                }
            }
        }
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
