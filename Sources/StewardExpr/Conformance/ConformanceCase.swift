/// Runs cases of the CEL conformance corpus (`shared/conformance/cel`): one JSON case in, one
/// JSON result line out, exactly as the runner contract of that corpus's README asks. Pure: the
/// CLI (`steward expr cases`) and the tests feed it lines and read lines back.
public enum ConformanceCase {
    /// The result of one case.
    public struct Outcome: Sendable {
        /// The case's `id` (`file/section/name`).
        public let id: String
        /// The case's `name`.
        public let name: String
        /// Whether the result matched `expected` under the corpus's rules.
        public let passed: Bool
        /// Why the case was skipped, if it was (never, for the current corpus).
        public let skipReason: String?
        /// The result as typed JSON, or `{"error": "..."}`.
        public let got: JSON

        /// The runner's output line (without the newline).
        public var line: String {
            var members: [(key: String, value: JSON)] = [("id", .string(id)), ("name", .string(name)), ("ok", .bool(passed)), ("got", got)]
            if let skipReason { members += [("skipped", .bool(true)), ("why", .string(skipReason))] }
            return JSON.object(members).text
        }
    }

    /// Features this implementation leaves out; a case tagged with one is reported skipped.
    /// Empty: the corpus was chosen inside Steward's subset and every feature is implemented.
    public static let unsupportedFeatures: [String: String] = [:]

    /// Runs one case given as a JSON line.
    public static func run(line: String) -> Outcome {
        guard let json = JSON(parsing: line) else {
            return Outcome(id: "", name: "", passed: false, skipReason: nil, got: .object([("error", .string("malformed case JSON"))]))
        }
        return run(json)
    }

    /// Runs one parsed case.
    public static func run(_ json: JSON) -> Outcome {
        let id = json["id"].flatMap { if case .string(let s) = $0 { s } else { nil } } ?? ""
        let name = json["name"].flatMap { if case .string(let s) = $0 { s } else { nil } } ?? ""
        func outcome(_ passed: Bool, _ got: JSON, skip: String? = nil) -> Outcome {
            Outcome(id: id, name: name, passed: passed, skipReason: skip, got: got)
        }
        func failure(_ message: String) -> JSON { .object([("error", .string(message))]) }
        if case .array(let features)? = json["features"] {
            for case .string(let f) in features {
                if let why = unsupportedFeatures[f] { return outcome(false, failure("skipped"), skip: why) }
            }
        }
        guard case .string(let expr)? = json["expr"], let expectedJSON = json["expected"] else {
            return outcome(false, failure("case has no expr or expected"))
        }
        let expectsError = expectedJSON["error"] != nil
        let expected = expectsError ? nil : TypedValueCodec.decode(expectedJSON)
        let permissive = json["disable_check"] == .bool(true)

        var environment = ExprEnvironment()
        var values: [String: ExprValue] = [:]
        if case .object(let types)? = json["type_env"] {
            for (name, spelled) in types {
                guard case .string(let text) = spelled, let type = ExprType(parsing: text) else {
                    return outcome(false, failure("unreadable type for '\(name)'"))
                }
                environment.declare(name, type)
            }
        }
        if case .object(let bindings)? = json["bindings"] {
            for (name, typed) in bindings {
                guard let value = TypedValueCodec.decode(typed) else { return outcome(false, failure("unreadable binding '\(name)'")) }
                if environment.slot(of: name) == nil { environment.declare(name, .dyn) }
                values[name] = value
            }
        }
        let result: ExprValue
        do {
            let program = try ExprProgram(expr, environment: environment, checking: permissive ? .permissive : .strict)
            result = try program.evaluate(ExprActivation(environment, values: values))
        } catch let errors as ExprErrors {
            return outcome(expectsError, failure(errors.errors.map(\.message).joined(separator: "; ")))
        } catch let error as ExprError {
            return outcome(expectsError, failure(error.message))
        } catch {
            return outcome(expectsError, failure("\(error)"))
        }
        let passed = expected.map { TypedValueCodec.sameResult($0, result) } ?? false
        return outcome(passed, TypedValueCodec.encode(result))
    }
}
