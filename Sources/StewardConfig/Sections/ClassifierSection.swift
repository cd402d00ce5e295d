import StewardCore
import StewardExpr

/// `classifier:` the ordered CEL rules that classify incidents. `rules:` replaces the shipped
/// rules (those of requirement 001 §4) as a whole, since the first rule that holds decides.
enum ClassifierSection: ConfigurationSection {
    static let key = "classifier"
    static let rulesPath = "classifier.rules"

    static func read(_ node: ConfigNode, into configuration: inout StewardConfiguration) {
        node.mapping { m in
            if let rules = m.child("rules").list(readRule) { configuration.classifier = rules }
        }
    }

    private static func readRule(_ node: ConfigNode) -> ClassifierRule? {
        var rule: ClassifierRule?
        node.mapping { m in
            let name = m.require("name", as: .name)
            let condition = m.require("when", as: .text)
            let classification = m.require("classification", as: .choice) as Classification?
            // A wrong classification (reported) still leaves the rule to check its name and condition:
            // every problem is listed in one pass. The file is refused anyway.
            guard let name, let condition else { return }
            rule = ClassifierRule(name: name, condition: condition, classification: classification ?? .transient)
        }
        return rule
    }

    static func check(_ configuration: StewardConfiguration, in context: ReadContext) {
        UniqueNames.check(
            configuration.classifier.map(\.name), kind: "classifier rule",
            at: { "\(context.element($0, ofList: rulesPath)).name" }, in: context)
        do throws(RuleCompileErrors) {
            _ = try Classifier(configuration.classifier)
        } catch {
            for problem in error.problems {
                let path = "\(context.element(problem.index, ofList: rulesPath)).when"
                for expr in problem.errors.errors {
                    context.report("condition of rule '\(problem.name)': \(expr.description)", at: path, origin: context.origin(of: path))
                }
            }
        }
    }
}
