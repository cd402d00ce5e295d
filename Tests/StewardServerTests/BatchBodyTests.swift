import Testing
@testable import StewardServer

/// Finding a JSON array's elements without reading them, so one unreadable execution record in
/// a batch refuses only itself (QA telemetry r3 #5).
@Suite struct BatchBodyTests {
    static func elements(_ text: String) -> [String]? {
        let raw = Array(text.utf8)
        return BatchBody.arrayElements(raw)?.map { String(decoding: raw[$0], as: UTF8.self) }
    }

    @Test func elementsAreFoundAcrossStringsAndNesting() {
        #expect(Self.elements(#" [ {"a": "x,]}\"y"}, {"b": [1, {"c": 2}]} ,3 ] "#) == [#"{"a": "x,]}\"y"}"#, #"{"b": [1, {"c": 2}]}"#, "3"])
        #expect(Self.elements(#"[{"n": 99999999999999999999}, {"n": 1e400}]"#) == [#"{"n": 99999999999999999999}"#, #"{"n": 1e400}"#])
        #expect(Self.elements("[]") == [])
    }

    @Test func aBodyThatIsNotABalancedArrayHasNone() {
        for text in [#"{"a": 1}"#, "[1, 2", #"["open]"#, "[1,,2]", "[,]", "[1] x", "[{]"] {
            #expect(Self.elements(text) == nil, "\(text)")
        }
    }
}
