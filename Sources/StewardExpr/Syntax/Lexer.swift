/// Turns source text into tokens, collecting every lexical error rather than stopping at the first.
struct Lexer {
    let s: [Unicode.Scalar]
    var i = 0
    private(set) var tokens: [Token] = []
    private(set) var errors: [(offset: Int, error: ExprError)] = []

    init(_ source: SourceText) {
        s = source.scalars
    }

    /// Lexes the whole text; `tokens` always ends with `.eof`.
    mutating func run() {
        while true {
            skipTrivia()
            guard i < s.count else { break }
            let start = i
            if let kind = next() { tokens.append(Token(kind: kind, offset: start)) }
        }
        tokens.append(Token(kind: .eof, offset: s.count))
    }

    func peek(_ ahead: Int = 0) -> Unicode.Scalar? {
        i + ahead < s.count ? s[i + ahead] : nil
    }

    mutating func fail(_ offset: Int, _ message: String, expected: String? = nil) {
        errors.append((offset, ExprError(code: .syntax, message: message, expected: expected)))
    }

    private mutating func skipTrivia() {
        while let c = peek() {
            if c == " " || c == "\t" || c == "\n" || c == "\r" || c == "\u{0C}" {
                i += 1
            } else if c == "/", peek(1) == "/" {
                while let d = peek(), d != "\n" { i += 1 }
            } else {
                return
            }
        }
    }

    private static func isIdentStart(_ c: Unicode.Scalar) -> Bool {
        c == "_" || ("a"..."z").contains(c) || ("A"..."Z").contains(c)
    }

    static func hexValue(_ c: Unicode.Scalar) -> UInt32? {
        switch c {
        case "0"..."9": c.value - 48
        case "a"..."f": c.value - 87
        case "A"..."F": c.value - 55
        default: nil
        }
    }

    private static func isDigit(_ c: Unicode.Scalar?) -> Bool {
        guard let c else { return false }
        return ("0"..."9").contains(c)
    }

    private mutating func next() -> TokenKind? {
        guard let c = peek() else { return nil }
        if Self.isIdentStart(c) { return identifierOrLiteral() }
        if Self.isDigit(c) || (c == "." && Self.isDigit(peek(1))) { return number() }
        if c == "\"" || c == "'" { return quoted(raw: false, bytes: false) }
        if c == "`" { return backtickIdentifier() }
        if let (p, width) = punctuation(c, peek(1)) {
            i += width
            return .punct(p)
        }
        fail(i, "unexpected character '\(c.escaped(asASCII: false))'", expected: "an operator, a literal or a name")
        i += 1
        return nil
    }

    /// The operator starting with `c` (and `next`), and how many code points it spans.
    private func punctuation(_ c: Unicode.Scalar, _ next: Unicode.Scalar?) -> (Punct, Int)? {
        switch (c, next) {
        case ("=", "="): (.equal, 2)
        case ("!", "="): (.notEqual, 2)
        case ("<", "="): (.lessEqual, 2)
        case (">", "="): (.greaterEqual, 2)
        case ("&", "&"): (.and, 2)
        case ("|", "|"): (.or, 2)
        case ("(", _): (.lparen, 1)
        case (")", _): (.rparen, 1)
        case ("[", _): (.lbracket, 1)
        case ("]", _): (.rbracket, 1)
        case ("{", _): (.lbrace, 1)
        case ("}", _): (.rbrace, 1)
        case (".", _): (.dot, 1)
        case (",", _): (.comma, 1)
        case (":", _): (.colon, 1)
        case ("?", _): (.question, 1)
        case ("+", _): (.plus, 1)
        case ("-", _): (.minus, 1)
        case ("*", _): (.star, 1)
        case ("/", _): (.slash, 1)
        case ("%", _): (.percent, 1)
        case ("!", _): (.bang, 1)
        case ("<", _): (.less, 1)
        case (">", _): (.greater, 1)
        default: nil
        }
    }

    private mutating func identifierOrLiteral() -> TokenKind? {
        // String and bytes prefixes: r, R, b, B, and b/B followed by r/R.
        let c0 = peek(), c1 = peek(1), c2 = peek(2)
        let isQuote: (Unicode.Scalar?) -> Bool = { $0 == "\"" || $0 == "'" }
        if c0 == "r" || c0 == "R", isQuote(c1) {
            i += 1
            return quoted(raw: true, bytes: false)
        }
        if c0 == "b" || c0 == "B" {
            if isQuote(c1) {
                i += 1
                return quoted(raw: false, bytes: true)
            }
            if c1 == "r" || c1 == "R", isQuote(c2) {
                i += 2
                return quoted(raw: true, bytes: true)
            }
        }
        var name = String.UnicodeScalarView()
        while let c = peek(), Self.isIdentStart(c) || Self.isDigit(c) {
            name.append(c)
            i += 1
        }
        let word = String(name)
        switch word {
        case "true": return .trueLiteral
        case "false": return .falseLiteral
        case "null": return .nullLiteral
        case "in": return .inKeyword
        default: return reservedWords.contains(word) ? .reserved(word) : .identifier(word)
        }
    }

    private mutating func backtickIdentifier() -> TokenKind? {
        let start = i
        i += 1
        var name = String.UnicodeScalarView()
        while let c = peek(), c != "`" {
            guard c != "\n", c != "\r" else { break }
            name.append(c)
            i += 1
        }
        guard peek() == "`" else {
            fail(start, "unterminated quoted field name", expected: "a closing '`'")
            return nil
        }
        i += 1
        let text = String(name)
        guard !text.isEmpty else {
            fail(start, "empty quoted field name", expected: "a field name between backticks")
            return nil
        }
        return .quotedIdentifier(text)
    }

    private mutating func number() -> TokenKind {
        let start = i
        if peek() == "0", peek(1) == "x" || peek(1) == "X" {
            i += 2
            var value: UInt64 = 0
            var overflow = false
            var digits = 0
            while let c = peek(), let d = Self.hexValue(c) {
                let (m, o1) = value.multipliedReportingOverflow(by: 16)
                let (a, o2) = m.addingReportingOverflow(UInt64(d))
                overflow = overflow || o1 || o2
                value = a
                digits += 1
                i += 1
            }
            if digits == 0 { fail(start, "malformed hexadecimal literal", expected: "hex digits after '0x'") }
            return integerSuffix(value, overflow: overflow, start: start)
        }
        var text = ""
        var isDouble = false
        while Self.isDigit(peek()) { text.unicodeScalars.append(s[i]); i += 1 }
        if peek() == ".", Self.isDigit(peek(1)) {
            isDouble = true
            text += "."
            i += 1
            while Self.isDigit(peek()) { text.unicodeScalars.append(s[i]); i += 1 }
        }
        if peek() == "e" || peek() == "E" {
            var j = i + 1
            if j < s.count, s[j] == "+" || s[j] == "-" { j += 1 }
            if j < s.count, Self.isDigit(s[j]) {
                isDouble = true
                text += "e"
                i += 1
                if peek() == "+" || peek() == "-" { text.unicodeScalars.append(s[i]); i += 1 }
                while Self.isDigit(peek()) { text.unicodeScalars.append(s[i]); i += 1 }
            }
        }
        if isDouble {
            if text.hasPrefix(".") { text = "0" + text }
            return .double(Double(text) ?? .nan)
        }
        var value: UInt64 = 0
        var overflow = false
        for d in text.utf8 {
            let (m, o1) = value.multipliedReportingOverflow(by: 10)
            let (a, o2) = m.addingReportingOverflow(UInt64(d - 48))
            overflow = overflow || o1 || o2
            value = a
        }
        return integerSuffix(value, overflow: overflow, start: start)
    }

    private mutating func integerSuffix(_ value: UInt64, overflow: Bool, start: Int) -> TokenKind {
        if peek() == "u" || peek() == "U" {
            i += 1
            if overflow { fail(start, "unsigned integer literal out of range", expected: "at most 18446744073709551615u") }
            return .uint(value)
        }
        if overflow { fail(start, "integer literal out of range", expected: "a value between -9223372036854775808 and 9223372036854775807") }
        return .int(value)
    }
}
