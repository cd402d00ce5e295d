/// A problem with an expression: a syntax or type error found before anything runs, or an
/// evaluation error (division by zero, no such key, ...). Every error raised for a source text
/// carries the line, column and a caret excerpt, and says what was expected.
public struct ExprError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of problem this is.
    public let code: Code
    /// One sentence saying what went wrong.
    public let message: String
    /// What the language expected instead, when that can be said.
    public let expected: String?
    /// Where in the source the problem is; nil only for errors raised outside any source text.
    public private(set) var location: SourceLocation?
    /// The source line with a caret under the problem (two lines), when located.
    public private(set) var excerpt: String?

    /// An error not yet tied to a place in the source.
    public init(code: Code, message: String, expected: String? = nil) {
        self.code = code
        self.message = message
        self.expected = expected
    }

    /// The same error, pinned to a position in a source text.
    func located(at offset: Int, in source: SourceText) -> ExprError {
        var copy = self
        copy.location = source.location(of: offset)
        copy.excerpt = source.excerpt(at: offset)
        return copy
    }

    /// `line:column: message (expected ...)` followed by the caret excerpt.
    public var description: String {
        var text = ""
        if let location { text += "\(location.line):\(location.column): " }
        text += message
        if let expected { text += "; expected \(expected)" }
        if let excerpt { text += "\n" + excerpt }
        return text
    }
}

extension ExprError {
    /// The kind of an ``ExprError``; compare with the static members (`.divisionByZero`, ...).
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }

        /// The code as a short snake_case word, stable for logs and tests.
        public var description: String { name }

        /// The text is not a well-formed expression.
        public static let syntax = Code("syntax")
        /// The expression nests deeper, or is longer, than the limits allow.
        public static let tooComplex = Code("too_complex")
        /// An identifier names no declared variable.
        public static let undeclaredReference = Code("undeclared_reference")
        /// A declared variable has no value in the activation being evaluated.
        public static let unboundVariable = Code("unbound_variable")
        /// A function or method name that the language does not have.
        public static let undeclaredFunction = Code("undeclared_function")
        /// Operand types that no overload of an operator or function accepts.
        public static let noMatchingOverload = Code("no_matching_overload")
        /// A map has no entry for the key or field asked for.
        public static let noSuchKey = Code("no_such_key")
        /// A list index past the end, or an argument the function cannot use.
        public static let invalidArgument = Code("invalid_argument")
        /// Integer division by zero.
        public static let divisionByZero = Code("division_by_zero")
        /// Integer modulus by zero.
        public static let moduloByZero = Code("modulo_by_zero")
        /// An integer result beyond 64 bits.
        public static let overflow = Code("overflow")
        /// A conversion or time value outside the representable range.
        public static let outOfRange = Code("out_of_range")
        /// A regular expression the engine cannot compile or will not run.
        public static let invalidRegex = Code("invalid_regex")
        /// An evaluation hit a cost limit (comprehension iterations, string or list size).
        public static let limitExceeded = Code("limit_exceeded")
        /// A rule's result has another type than its site requires (e.g. a condition must be bool).
        public static let wrongResultType = Code("wrong_result_type")
    }
}

/// Every problem found in one expression (or a batch of them), in source order.
public struct ExprErrors: Error, Sendable, CustomStringConvertible {
    /// The individual problems; never empty.
    public let errors: [ExprError]

    /// Wraps a non-empty list of problems.
    public init(_ errors: [ExprError]) { self.errors = errors }

    /// All problems, one block each.
    public var description: String { errors.map(\.description).joined(separator: "\n") }
}
