import Testing
@testable import StewardCore

@Suite("Canonical JSON (RFC 8785)")
struct CanonicalJSONTests {
    @Test("numbers are written as ECMAScript writes them", arguments: [
        (0.0, "0"), (-0.0, "0"), (1.0, "1"), (-1.5, "-1.5"), (0.1, "0.1"), (100.0, "100"),
        (1e21, "1e+21"), (1e20, "100000000000000000000"), (1e-7, "1e-7"), (1e-6, "0.000001"),
        (123456789.125, "123456789.125"), (1.7976931348623157e308, "1.7976931348623157e+308"),
        (0.000001234, "0.000001234"), (1.5e-7, "1.5e-7"), (333333333.33333329, "333333333.3333333"),
    ])
    func numbers(value: Double, expected: String) throws {
        #expect(try CanonicalJSON.string(.double(value)) == expected)
    }

    @Test func integersAreExact() throws {
        #expect(try CanonicalJSON.string(.int(Int64.max)) == "9223372036854775807")
        #expect(try CanonicalJSON.string(.int(-42)) == "-42")
    }

    @Test func keysSortByUTF16AndWhitespaceIsGone() throws {
        let value: JSONValue = ["b": 1, "a": [true, nil, "x"], "\u{20AC}": 2, "\u{1F600}": 3, "A": 0]
        // U+1F600 is the surrogate pair D83D DE00, so it sorts after U+20AC in UTF-16 order (RFC 8785 §3.2.3).
        #expect(try CanonicalJSON.string(value) == #"{"A":0,"a":[true,null,"x"],"b":1,"€":2,"😀":3}"#)
    }

    @Test func keysAboveU_FFFFSortBeforePrivateUseAndFullwidthKeys() throws {
        // UTF-8 puts U+FF21 (EF BC A1) before U+1F600 (F0 9F 98 80); UTF-16 puts the surrogate pair
        // D83D DE00 before FF21. RFC 8785 orders by UTF-16.
        let value: JSONValue = ["\u{FF21}": 1, "\u{1F600}": 2, "\u{E000}": 3, "\u{D7FF}": 4]
        #expect(try CanonicalJSON.string(value) == "{\"\u{D7FF}\":4,\"\u{1F600}\":2,\"\u{E000}\":3,\"\u{FF21}\":1}")
        #expect(CanonicalJSON.utf16Less("a\u{1F600}", "a\u{FFFD}"))
        #expect(!CanonicalJSON.utf16Less("a\u{FFFD}", "a\u{1F600}"))
    }

    @Test func keyOrderMatchesUTF16CodeUnitsOnSeededText() {
        // Code points from every range whose UTF-8 and UTF-16 orders could disagree.
        let pool: [Unicode.Scalar] = ["a", "B", "~", "\u{7F}", "\u{80}", "\u{7FF}", "\u{800}", "\u{20AC}", "\u{D7FF}", "\u{E000}",
                                      "\u{EFFF}", "\u{F000}", "\u{FF21}", "\u{FFFD}", "\u{FFFF}", "\u{10000}", "\u{1F600}", "\u{10FFFF}"]
        var generator = SeededGenerator(seed: 8785)
        func text() -> String {
            var s = String.UnicodeScalarView()
            for _ in 0..<Int.random(in: 0...4, using: &generator) { s.append(pool[Int.random(in: 0..<pool.count, using: &generator)]) }
            return String(s)
        }
        for _ in 0..<20_000 {
            let a = text(), b = text()
            #expect(CanonicalJSON.utf16Less(a, b) == CanonicalJSON.utf16IteratedLess(a, b), "\(Array(a.unicodeScalars)) vs \(Array(b.unicodeScalars))")
            #expect(CanonicalJSON.utf16Less(a, b) == a.utf16.lexicographicallyPrecedes(b.utf16))
        }
    }

    @Test func stringsEscapeOnlyWhatTheyMust() throws {
        #expect(try CanonicalJSON.string(.string("a\"b\\c\n\u{01}/é")) == #""a\"b\\c\n\u0001/é""#)
    }

    @Test func nonFiniteNumbersAreRefused() {
        #expect(throws: CanonicalJSONError.self) { try CanonicalJSON.encode(JSONValue.double(.nan)) }
        #expect(throws: CanonicalJSONError.self) { try CanonicalJSON.encode(JSONValue.double(.infinity)) }
    }

    struct Sample: Codable { var name: String; var count: Int; var ratio: Double; var tags: [String]; var note: String? }

    @Test func encodableValuesEncodeLikeTheirTree() throws {
        let text = try CanonicalJSON.encode(Sample(name: "x", count: 2, ratio: 0.5, tags: ["a"], note: nil))
        #expect(String(decoding: text, as: UTF8.self) == #"{"count":2,"name":"x","ratio":0.5,"tags":["a"]}"#)
    }

    @Test func readerAndWriterRoundTrip() throws {
        let text = #"{"a":[1,2.5,-3e-8,"é\u00e9\ud83d\ude00"],"b":{"c":null,"d":false},"e":9223372036854775807}"#
        let value = try JSONReader.parse(text)
        #expect(value["e"] == .int(Int64.max))
        let again = try JSONReader.parse(CanonicalJSON.encode(value))
        #expect(again == value)
    }

    @Test func integersReadExactlyAtEveryLength() throws {
        var values: [Int64] = [0, 1, -1, 9, -9, Int64.max, Int64.min, Int64.max - 1, Int64.min + 1]
        var power: Int64 = 1
        for _ in 0..<18 {
            power *= 10
            values += [power - 1, power, power + 1, -(power - 1), -power]
        }
        for value in values { #expect(try JSONReader.parse(String(value)) == .int(value), "\(value)") }
        #expect(try JSONReader.parse("-0") == .int(0))
        #expect(try JSONReader.parse("9223372036854775808") == .double(9_223_372_036_854_775_808))
        #expect(try JSONReader.parse("-9223372036854775809") == .double(-9_223_372_036_854_775_808))
        #expect(try JSONReader.parse("12345678901234567890123") == .double(12_345_678_901_234_567_741_440))
    }

    @Test func nestedObjectsKeepTheirOwnMembersAndARepeatedNameItsLastValue() throws {
        let text = #"{"a":{"x":1,"y":{"z":[{"k":1},{}]},"x":2},"b":{},"c":[{"d":3}],"a2":true,"e":{"f":{"g":{"h":null}}},"z":0,"z":9}"#
        let value = try JSONReader.parse(text)
        #expect(value == .object([
            "a": .object(["x": .int(2), "y": .object(["z": .array([.object(["k": .int(1)]), .object([:])])])]),
            "b": .object([:]), "c": .array([.object(["d": .int(3)])]), "a2": .bool(true),
            "e": .object(["f": .object(["g": .object(["h": .null])])]), "z": .int(9),
        ]))
        // A failure inside a nested object leaves nothing behind for the next document.
        #expect(throws: JSONReadError.self) { try JSONReader.parse(#"{"a":{"b":1,"c":}}"#) }
    }

    @Test("the reader refuses malformed documents", arguments: [
        "", "{", "[1,]", "{\"a\" 1}", "01", "1.", "\"\\x\"", "tru", "[1] 2", "\"\u{01}\"", "\"\\ud800\"",
    ])
    func readerRefuses(text: String) {
        #expect(throws: JSONReadError.self) { try JSONReader.parse(text) }
    }

    @Test("the reader refuses strings that are not UTF-8, escaped or not", arguments: [
        [0x22, 0xFF, 0x22], [0x22, 0x61, 0xC3, 0x22], [0x22, 0xC3, 0x28, 0x5C, 0x6E, 0x22], [0x22, 0xED, 0xA0, 0x80, 0x22],
    ] as [[UInt8]])
    func readerRefusesInvalidUTF8(bytes: [UInt8]) {
        #expect(throws: JSONReadError.self) { try JSONReader.parse(bytes) }
    }

    @Test func readerKeepsEveryStringExactly() throws {
        for text in ["", "plain ascii", "caf\u{E9}", "\u{1F600} and \u{4E2D}", String(repeating: "x", count: 300) + "\u{E9}"] {
            let quoted = Array(("\"" + text + "\"").utf8)
            #expect(try JSONReader.parse(quoted) == .string(text))
        }
    }

    @Test func readerLimitsNesting() {
        let deep = String(repeating: "[", count: 500) + String(repeating: "]", count: 500)
        #expect(throws: JSONReadError.self) { try JSONReader.parse(deep) }
    }
}
