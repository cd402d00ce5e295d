/// One lexical token with the code-point offset where it starts.
struct Token: Sendable {
    let kind: TokenKind
    let offset: Int
}

/// The kinds of tokens; literals carry their decoded values.
enum TokenKind: Sendable, Equatable {
    case identifier(String)
    /// A word CEL reserves (`if`, `for`, ...): allowed only as a field name after a dot.
    case reserved(String)
    /// A backtick-quoted field name (`` `content-type` ``).
    case quotedIdentifier(String)
    /// The magnitude of an int literal; the parser checks its range, since `-9223372036854775808` is valid.
    case int(UInt64)
    case uint(UInt64)
    case double(Double)
    case string(String)
    case bytes([UInt8])
    case trueLiteral, falseLiteral, nullLiteral, inKeyword
    case punct(Punct)
    case eof

    /// How the token reads in an error message.
    var display: String {
        switch self {
        case .identifier(let name), .reserved(let name): "'\(name)'"
        case .quotedIdentifier(let name): "`\(name)`"
        case .int, .uint, .double: "number"
        case .string: "string literal"
        case .bytes: "bytes literal"
        case .trueLiteral: "'true'"
        case .falseLiteral: "'false'"
        case .nullLiteral: "'null'"
        case .inKeyword: "'in'"
        case .punct(let p): "'\(p.rawValue)'"
        case .eof: "end of expression"
        }
    }
}

/// Operators and punctuation.
enum Punct: String, Sendable {
    case lparen = "(", rparen = ")", lbracket = "[", rbracket = "]", lbrace = "{", rbrace = "}"
    case dot = ".", comma = ",", colon = ":", question = "?"
    case plus = "+", minus = "-", star = "*", slash = "/", percent = "%", bang = "!"
    case equal = "==", notEqual = "!=", less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="
    case and = "&&", or = "||"
}

/// Words CEL reserves for future use; they cannot name variables or functions.
let reservedWords: Set<String> = [
    "as", "break", "const", "continue", "else", "for", "function", "if", "import", "let", "loop",
    "package", "namespace", "return", "var", "void", "while",
]
