/// String and bytes literals: single, double and triple quotes, raw forms, and every escape CEL has.
extension Lexer {
    mutating func quoted(raw: Bool, bytes: Bool) -> TokenKind? {
        let start = i
        guard let quote = peek() else { return nil }
        let triple = peek(1) == quote && peek(2) == quote
        i += triple ? 3 : 1
        var scalars = String.UnicodeScalarView()
        var octets: [UInt8] = []
        func emit(_ c: Unicode.Scalar) {
            if bytes { octets.append(contentsOf: Array(String(c).utf8)) } else { scalars.append(c) }
        }
        while true {
            guard let c = peek() else {
                fail(start, "unterminated \(bytes ? "bytes" : "string") literal", expected: "a closing \(triple ? String(repeating: String(quote), count: 3) : String(quote))")
                return nil
            }
            if c == quote, !triple || (peek(1) == quote && peek(2) == quote) {
                i += triple ? 3 : 1
                break
            }
            if !triple, c == "\n" || c == "\r" {
                fail(i, "line break inside a quoted literal", expected: "a closing \(quote) on the same line, or a triple-quoted literal")
                return nil
            }
            if c == "\\", !raw {
                escape(emit: emit, octet: { if bytes { octets.append($0) } else { scalars.append(Unicode.Scalar($0)) } })
                continue
            }
            emit(c)
            i += 1
        }
        return bytes ? .bytes(octets) : .string(String(scalars))
    }

    /// Decodes one escape sequence starting at the backslash.
    private mutating func escape(emit: (Unicode.Scalar) -> Void, octet: (UInt8) -> Void) {
        let start = i
        i += 1
        guard let c = peek() else {
            fail(start, "backslash at the end of the literal", expected: "an escape sequence")
            return
        }
        i += 1
        switch c {
        case "a": emit("\u{07}")
        case "b": emit("\u{08}")
        case "f": emit("\u{0C}")
        case "n": emit("\n")
        case "r": emit("\r")
        case "t": emit("\t")
        case "v": emit("\u{0B}")
        case "\\", "?", "\"", "'", "`": emit(c)
        case "x", "X":
            if let v = digits(2, radix: 16) { octet(UInt8(v)) } else { badEscape(start) }
        case "u":
            codePoint(digits(4, radix: 16), start: start, emit: emit)
        case "U":
            codePoint(digits(8, radix: 16), start: start, emit: emit)
        case "0"..."3":
            i -= 1
            if let v = digits(3, radix: 8) { octet(UInt8(v)) } else { badEscape(start) }
        default:
            badEscape(start)
        }
    }

    private mutating func codePoint(_ value: UInt32?, start: Int, emit: (Unicode.Scalar) -> Void) {
        guard let value else { return badEscape(start) }
        guard let scalar = Unicode.Scalar(value) else {
            fail(start, "escape \\u/\\U names no Unicode code point (surrogate or above U+10FFFF)", expected: "a code point outside D800–DFFF, at most 10FFFF")
            return
        }
        emit(scalar)
    }

    private mutating func digits(_ count: Int, radix: UInt32) -> UInt32? {
        var value: UInt32 = 0
        for _ in 0..<count {
            guard let c = peek(), let d = Self.hexValue(c), d < radix else { return nil }
            value = value * radix + d
            i += 1
        }
        return value
    }

    private mutating func badEscape(_ start: Int) {
        fail(start, "invalid escape sequence", expected: "one of \\a \\b \\f \\n \\r \\t \\v \\\\ \\? \\\" \\' \\` \\xHH \\uHHHH \\UHHHHHHHH \\ooo")
    }
}
