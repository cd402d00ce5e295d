import StewardExpr
import StewardCore
import Yams

/// What is wrong with a value, worded for the operator.
struct SettingProblem: Error {
    let message: String
}

/// How one kind of setting is read, from a YAML node and from an environment variable's text,
/// with the same rules both ways: a file and a variable can never disagree on what is valid.
struct SettingType<Value> {
    /// What a valid value looks like, for messages: "an integer of at least 1".
    let expected: String
    private let readNode: (ConfigNode) -> Value?
    private let readText: (String) -> Result<Value, SettingProblem>

    init(
        expected: String, readNode: @escaping (ConfigNode) -> Value?,
        readText: @escaping (String) -> Result<Value, SettingProblem>
    ) {
        self.expected = expected
        self.readNode = readNode
        self.readText = readText
    }

    /// The node's value; nil after reporting what is wrong.
    func read(_ node: ConfigNode) -> Value? { readNode(node) }

    /// The value of an environment variable's text, or what is wrong with it.
    func read(text: String) -> Result<Value, SettingProblem> { readText(text) }

    /// The same rules for an optional setting.
    var optional: SettingType<Value?> {
        SettingType<Value?>(
            expected: expected,
            readNode: { node in readNode(node).map { .some($0) } },
            readText: { text in readText(text).map { .some($0) } }
        )
    }

    /// A single scalar, parsed from its text and then checked.
    ///
    /// - Parameters:
    ///   - expected: what a valid value looks like.
    ///   - allowsQuoted: whether a quoted scalar is accepted (only for text); `port: "8080"` is a string, not a port.
    ///   - candidates: the valid spellings, to suggest the closest when the text is none of them.
    ///   - parse: the value of the text, nil if it is not of this type.
    ///   - check: what is wrong with a parsed value (out of range), nil if nothing.
    static func scalar(
        _ expected: String, allowsQuoted: Bool = false, candidates: [String] = [],
        parse: @escaping (String) -> Value?, check: @escaping (Value, String) -> String? = { _, _ in nil }
    ) -> SettingType {
        let fromText: (String) -> Result<Value, SettingProblem> = { text in
            guard let value = parse(text) else {
                let hint = Suggestion.hint(for: text, among: candidates)
                return .failure(SettingProblem(message: "expected \(expected), got '\(text)'\(hint)"))
            }
            if let problem = check(value, text) { return .failure(SettingProblem(message: problem)) }
            return .success(value)
        }
        return SettingType(
            expected: expected,
            readNode: { node in
                guard case .scalar(let scalar)? = node.node else {
                    node.report("expected \(expected), got \(node.node?.summary ?? "nothing")")
                    return nil
                }
                let quoted = scalar.style == .singleQuoted || scalar.style == .doubleQuoted
                if quoted && !allowsQuoted {
                    node.report("expected \(expected), got the string '\(scalar.string)'")
                    return nil
                }
                switch fromText(scalar.string) {
                case .success(let value): return value
                case .failure(let problem):
                    node.report(problem.message)
                    return nil
                }
            },
            readText: fromText
        )
    }
}
