import Testing
@testable import StewardCore

/// Types that carry free-form JSON (action params, payloads) decode it as the very value stored.
@Suite("JSONValue fields through the tree coders")
struct JSONValueCodingTests {
    struct Carrier: Codable, Equatable {
        var name: String
        var params: JSONValue
        var extra: [JSONValue]
        var maybe: JSONValue?
    }

    @Test func aJSONValueFieldDecodesAsTheValueItself() throws {
        let params: JSONValue = [
            "count": .int(3), "ratio": .double(0.5), "whole": .double(2.0), "tags": ["a", .null, .bool(false)],
            "nested": ["deep": ["n": .int(-7)]], "empty": .object([:]), "none": .array([]),
        ]
        let original = Carrier(name: "x", params: params, extra: [.double(1.0), .string("s"), .null], maybe: .int(1))
        let tree = try JSONValueEncoder.encode(original)
        let back = try JSONValueDecoder.decode(Carrier.self, from: tree)
        #expect(back == original)
        // A double that happens to be whole stays a double: the field is not re-guessed scalar by scalar.
        #expect(back.params["whole"] == .double(2.0))
        #expect(back.extra[0] == .double(1.0))
    }

    @Test func aMissingOrNullOptionalJSONValueIsNil() throws {
        let tree: JSONValue = ["name": "x", "params": ["a": 1], "extra": [], "maybe": .null]
        let decoded = try JSONValueDecoder.decode(Carrier.self, from: tree)
        #expect(decoded.maybe == nil)
        #expect(decoded.params == ["a": 1])
    }
}
