import Testing
@testable import StewardServer
import Yams

/// The shipped OpenAPI document is the resource, and it parses: a broken quote once made every
/// e2e test that validates answers against it fail at setup, and `swift test` did not notice.
@Suite("OpenAPI document")
struct OpenAPIDocumentTests {
    @Test func theShippedDocumentParsesAndDescribesTheAPI() throws {
        let document = try #require(try Yams.load(yaml: OpenAPIController.document) as? [String: Any])
        #expect(document["openapi"] as? String == "3.1.0")
        let paths = try #require(document["paths"] as? [String: Any])
        for path in ["/v1/actions", "/v1/signals", "/v1/escalations", "/v1/autonomy", "/v1/events", "/v1/ledger"] {
            #expect(paths[path] != nil, "\(path) is not described")
        }
        #expect(paths.count > 50)
    }
}
