public import StewardExpr

/// The classifier's rules, each compiled once when the configuration loads.
public struct Classifier: Sendable {
    /// One compiled rule.
    struct Compiled: Sendable {
        let rule: ClassifierRule
        let index: Int
        let program: ExprProgram
    }

    let rules: [Compiled]

    /// Compiles `rules`; throws every rule's problems, each with the rule's position.
    public init(_ rules: [ClassifierRule]) throws(RuleCompileErrors) {
        var compiled: [Compiled] = []
        var problems: [RuleCompileErrors.Problem] = []
        for (index, rule) in rules.enumerated() {
            do throws(ExprErrors) {
                let program = try ExprProgram(rule.condition, environment: ClassifierFacts.environment, expecting: .bool)
                compiled.append(Compiled(rule: rule, index: index, program: program))
            } catch {
                problems.append(.init(index: index, name: rule.name, errors: error))
            }
        }
        guard problems.isEmpty else { throw RuleCompileErrors(problems: problems) }
        self.rules = compiled
    }

    /// The first rule that holds for `facts`, or nil when none does. A rule whose evaluation
    /// fails (a value out of range) counts as not holding, and its error is reported.
    public func classify(_ facts: ClassifierFacts) -> ClassifierVerdict? {
        let activation = facts.activation()
        var errors: [String] = []
        for compiled in rules {
            do throws(ExprError) {
                if try compiled.program.evaluateCondition(activation) {
                    return ClassifierVerdict(
                        classification: compiled.rule.classification, rule: compiled.rule.name, index: compiled.index, errors: errors)
                }
            } catch {
                errors.append("\(compiled.rule.name): \(error)")
            }
        }
        return nil
    }
}

/// What the classifier decided and which rule decided it.
public struct ClassifierVerdict: Sendable, Hashable, Codable {
    /// The class.
    public var classification: Classification
    /// The name of the rule that fired.
    public var rule: String
    /// Its position in `classifier.rules`.
    public var index: Int
    /// Rules before it whose evaluation failed.
    public var errors: [String]
}

/// Rule conditions that do not compile (classifier rules, success criteria).
public struct RuleCompileErrors: Error, Sendable, CustomStringConvertible {
    /// One rule's problems.
    public struct Problem: Sendable {
        /// Its position in its list.
        public let index: Int
        /// Its name.
        public let name: String
        /// What is wrong with its condition.
        public let errors: ExprErrors
    }

    /// Every failing rule.
    public let problems: [Problem]

    public var description: String {
        problems.map { "[\($0.index)] (\($0.name)): \($0.errors)" }.joined(separator: "\n")
    }
}
