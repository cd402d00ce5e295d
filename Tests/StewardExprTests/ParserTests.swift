import Testing
@testable import StewardExpr

@Suite("Parser: precedence, associativity and literals as cel-spec defines them")
struct ParserTests {
    static let shapesCases: [(String, String)] = [
        ("1 + 2 * 3", "(+ 1 (* 2 3))"),
        ("1 - 2 - 3", "(- (- 1 2) 3)"),
        ("8 / 4 / 2", "(/ (/ 8 4) 2)"),
        ("1 + 2 < 4 == true", "(== (< (+ 1 2) 4) true)"),
        ("a < b == c > d", "(> (== (< a b) c) d)"),
        ("x in y == z", "(== (in x y) z)"),
        ("a || b && c", "(|| a (&& b c))"),
        ("a && b || c && d", "(|| (&& a b) (&& c d))"),
        ("a || b || c", "(|| a b c)"),
        ("a ? b : c ? d : e", "(? a b (? c d e))"),
        ("a || b ? c : d", "(? (|| a b) c d)"),
        ("!a && b", "(&& (! a) b)"),
        ("-a.b", "(- a.b)"),
        ("!!true", "(! (! true))"),
        ("-9223372036854775808", "-9223372036854775808"),
        ("-(1)", "(- 1)"),
        ("--1", "(- -1)"),
        ("a.b.c[0].d", "a.b.c[0].d"),
        ("x.f(1, 2)", "(x.f 1 2)"),
        ("f(x)[1]", "(f x)[1]"),
        ("[1, 2,]", "[1 2]"),
        ("{'a': 1, 'b': 2,}", "{\"a\":1 \"b\":2}"),
        ("has(a.b)", "has(a.b)"),
        ("l.all(x, x > 0)", "(all l x (> x 0))"),
        ("l.map(x, x > 0, x * 2)", "(map l x (> x 0) (* x 2))"),
        ("l.exists_one(x, x)", "(exists_one l x x)"),
        (".x", ".x"),
        ("m.`content-type`", "m.content-type"),
        ("{'if': 1}.if", "{\"if\":1}.if"),
        ("0x1F + 2u + .5 + 1e3", "(+ (+ (+ 31 2u) 0.5) 1000.0)"),
        ("a // comment\n + b", "(+ a b)"),
    ]

    @Test("shapes", arguments: shapesCases)
    func shapes(source: String, expected: String) {
        #expect(shape(source) == expected)
    }

    static let literalsCases: [(String, ExprValue)] = [
        ("'\\x41\\101\\u0041\\U00000041'", "AAAA"),
        ("r'\\n'", "\\n"),
        ("'''a\nb'''", "a\nb"),
        ("b'\\xff\\377'", .bytes([255, 255])),
        ("b'ÿ'", .bytes([0xC3, 0xBF])),
        ("\"\\\"\"", "\""),
        ("18446744073709551615u", .uint(.max)),
        ("9223372036854775807", .int(.max)),
    ]

    @Test("literals", arguments: literalsCases)
    func literals(source: String, expected: ExprValue) throws {
        #expect(try evaluate(source) == expected)
    }

    static let syntaxErrorsCases: [(String, String, Int)] = [
        ("1 +", "unexpected end of expression", 4),
        ("(1 + 2", "unexpected end of expression inside parentheses", 7),
        ("[1 2]", "unexpected number in a list", 4),
        ("a ? b", "unexpected end of expression in a conditional", 6),
        ("9223372036854775808", "integer literal out of range", 1),
        ("'abc", "unterminated string literal", 1),
        ("'a\\qb'", "invalid escape sequence", 3),
        ("a # b", "unexpected character '#'", 3),
        ("if + 1", "reserved word 'if' cannot be used as an identifier", 1),
        ("Msg{a: 1}", "message construction ('Msg{...}') is not supported", 4),
        ("has(x)", "has() needs a field selection", 5),
        ("l.all(1, true)", "the first argument of all() must be a variable name", 7),
        ("'\\uD800'", "escape \\u/\\U names no Unicode code point (surrogate or above U+10FFFF)", 2),
        ("1 2", "unexpected number after the end of the expression", 3),
    ]

    @Test("syntax errors say what and where", arguments: syntaxErrorsCases)
    func syntaxErrors(source: String, message: String, column: Int) throws {
        let errors = compileErrors(source)
        let first = try #require(errors.first)
        #expect(first.code == .syntax)
        #expect(first.message == message)
        #expect(first.location?.column == column)
        #expect(first.expected != nil)
        #expect(first.excerpt?.contains("^") == true)
    }

    @Test("several lexical errors are all reported")
    func severalLexicalErrors() {
        let errors = compileErrors("'\\q' + 1 # 2 $")
        // Two bad characters and a bad escape from the lexer, then the parser's first error.
        #expect(errors.count == 4)
        #expect(errors.map { $0.location?.column } == [2, 10, 12, 14])
    }

    @Test("errors point at the right line of a multi-line expression")
    func multiLine() throws {
        let errors = compileErrors("a &&\n  b ||\n  c +")
        let first = try #require(errors.first)
        #expect(first.location?.line == 3)
        #expect(first.location?.column == 6)
        #expect(first.excerpt == " |   c +\n |      ^")
    }
}
