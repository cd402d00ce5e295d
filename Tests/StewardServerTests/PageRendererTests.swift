import Testing
@testable import StewardServer

@Suite("Page templates")
struct PageRendererTests {
    @Test func nilAndEmptyValuesRenderAsAbsentNeverAsNil() throws {
        let renderer = try PageRenderer.load()
        let missing: String? = nil
        let html = try renderer.html("sign-in", ["title": "Sign in", "next": "/ui/fleet", "problem": missing as Any])
        #expect(!html.contains("nil"))
        #expect(!html.contains("role=\"alert\""))
        let shown = try renderer.html("sign-in", ["title": "Sign in", "next": "/ui/fleet", "problem": Optional("Enter <your> key.") as Any])
        #expect(shown.contains("role=\"alert\">Enter &lt;your&gt; key.</p>"))
    }

    @Test func settlingLeavesOutNilsAndEmptyTextAtEveryDepth() {
        let nothing: Int? = nil
        let settled = MustacheValue.settled([
            "a": nothing as Any, "b": "", "c": 0, "d": false,
            "rows": [["x": nothing as Any, "y": Optional("kept") as Any], ["z": ""]] as [[String: Any]],
        ])
        #expect(settled["a"] == nil && settled["b"] == nil)
        #expect(settled["c"] as? Int == 0 && settled["d"] as? Bool == false)
        let rows = settled["rows"] as? [Any]
        #expect(rows?.count == 2)
        let first = rows?.first as? [String: Any]
        #expect(first?["x"] == nil && first?["y"] as? String == "kept")
        #expect((rows?.last as? [String: Any])?.isEmpty == true)
    }
}
