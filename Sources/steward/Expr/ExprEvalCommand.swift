import ArgumentParser
import StewardExpr

/// `steward expr eval 'EXPR' --vars '{...}'`: evaluate one expression and print the result.
struct ExprEvalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Evaluate one expression with the given variables and print the result.",
        discussion: """
            Variables come from a JSON object: integers become int, other numbers double, objects maps, \
            arrays lists. Every variable is declared dyn unless --types gives it a type, so the checker \
            still catches unknown names, misspelled functions and type errors among literals.

            Examples:
              steward expr eval 'errorRate > 0.05' --vars '{"errorRate": 0.07}'
              steward expr eval 'action.type in ["send_email", "contact_customer"]' \\
                  --vars '{"action": {"type": "send_email"}}'
              steward expr eval 'window > duration("5m")' --vars '{}' --types '{"window": "duration"}'

            The result is printed as a CEL literal (1, 1u, 1.5, "text", [..], {..}). An error is printed \
            with its line, column and a caret under the problem, and the exit status is 1.
            """
    )

    // Unrecognized words are the expression's, so one that starts with '-' ('-7 / 2') is not taken for an option.
    @Argument(parsing: .allUnrecognized, help: ArgumentHelp("The expression, e.g. 'errorRate > 0.05' (one argument; quote it).", valueName: "expression"))
    var words: [String] = []

    /// The expression: the words given, joined by spaces.
    var expression: String { words.joined(separator: " ") }

    func validate() throws {
        if words.isEmpty { throw ValidationError("give the expression to evaluate, e.g. steward expr eval 'errorRate > 0.05'") }
    }

    @Option(name: .long, help: "Variable values as a JSON object, e.g. '{\"errorRate\": 0.07}'.")
    var vars: String = "{}"

    @Option(name: .long, help: "Variable types as a JSON object of type names, e.g. '{\"errorRate\": \"double\"}'.")
    var types: String = "{}"

    @Flag(name: .long, help: "Leave type mismatches to run time, as CEL's disable_check does.")
    var permissive = false

    func run() async throws {
        guard case .object(let members)? = JSON(parsing: vars) else {
            throw ValidationError("--vars must be a JSON object, such as '{\"errorRate\": 0.07}'")
        }
        guard case .object(let typeMembers)? = JSON(parsing: types) else {
            throw ValidationError("--types must be a JSON object, such as '{\"errorRate\": \"double\"}'")
        }
        var environment = ExprEnvironment()
        for (name, spelled) in typeMembers {
            guard case .string(let text) = spelled, let type = ExprType(parsing: text) else {
                throw ValidationError("--types: '\(name)' needs a type name such as \"int\", \"list(string)\" or \"map(string, dyn)\"")
            }
            // A name the grammar does not know would be a free type parameter: a misspelling, not a type.
            if let unknown = Self.unknownName(in: type) {
                throw ValidationError("--types: '\(name)' has the unknown type '\(unknown)'; known: bool, int, uint, double, string, bytes, timestamp, duration, dyn, null_type, list(T), map(K, V)")
            }
            environment.declare(name, type)
        }
        var values: [String: ExprValue] = [:]
        for (name, json) in members {
            if environment.slot(of: name) == nil { environment.declare(name, .dyn) }
            values[name] = ExprValue(json: json)
        }
        do {
            let checking: ExprProgram.Checking = permissive ? .permissive : .strict
            let program = try ExprProgram(expression, environment: environment, checking: checking)
            let result = try program.evaluate(ExprActivation(environment, values: values))
            print(result)
        } catch let errors as ExprErrors {
            ConsoleOutput.error("error: " + errors.errors.map(\.description).joined(separator: "\nerror: "))
            throw ExitCode.failure
        } catch let error as ExprError {
            ConsoleOutput.error("error: \(error)")
            throw ExitCode.failure
        }
    }

    /// The first type name in `type` that is not a known type, if any.
    static func unknownName(in type: ExprType) -> String? {
        switch type {
        case .typeParameter(let name): name
        case .list(let element): unknownName(in: element)
        case .map(let key, let value): unknownName(in: key) ?? unknownName(in: value)
        default: nil
        }
    }
}
