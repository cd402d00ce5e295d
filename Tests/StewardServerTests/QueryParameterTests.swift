import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import StewardCore
@testable import StewardServer
import Yams

/// A query parameter a read does not take is refused, naming it (QA console L5: `?skil=` answered
/// every record), on every GET under /v1 that openapi.yaml documents; every parameter the document
/// lists is taken. The table is the document, so a route added later is held to it too.
@Suite("Query parameters")
struct QueryParameterTests {
    /// Each documented GET under /v1 (path parameters as `x1`) and the query parameters it lists.
    static func documentedReads() throws -> [(path: String, parameters: [String])] {
        let document = try #require(try Yams.load(yaml: OpenAPIController.document) as? [String: Any])
        let paths = try #require(document["paths"] as? [String: Any])
        let components = (document["components"] as? [String: Any])?["parameters"] as? [String: Any] ?? [:]
        var reads: [(path: String, parameters: [String])] = []
        for (path, item) in paths where path.hasPrefix("/v1/") {
            guard let get = (item as? [String: Any])?["get"] as? [String: Any] else { continue }
            let listed = (get["parameters"] as? [Any] ?? []).compactMap { entry -> [String: Any]? in
                guard let entry = entry as? [String: Any] else { return nil }
                if let ref = entry["$ref"] as? String { return components[String(ref.split(separator: "/").last ?? "")] as? [String: Any] }
                return entry
            }
            let query = listed.filter { $0["in"] as? String == "query" }.compactMap { $0["name"] as? String }
            let concrete = "/" + path.split(separator: "/").map { $0.hasPrefix("{") ? "x1" : String($0) }.joined(separator: "/")
            reads.append((concrete, query))
        }
        return reads.sorted { $0.path < $1.path }
    }

    static func get(_ client: any TestClientProtocol, _ uri: String, key: String) async throws -> (HTTPResponse.Status, [(field: String, reason: String)]) {
        let response = try await client.execute(uri: uri, method: .get, headers: [.authorization: "Bearer \(key)"])
        let body = (try? JSONReader.parse(Array(response.body.readableBytesView))) ?? .null
        guard case .array(let errors)? = body["errors"] else { return (response.status, []) }
        return (response.status, errors.compactMap { e in e["field"]?.stringValue.map { ($0, e["reason"]?.stringValue ?? "") } })
    }

    /// The stream would stay open: a cursor past the head makes it answer 422 at once.
    static func uri(_ path: String, _ query: String) -> String {
        path == "/v1/events" && !query.hasPrefix("after=") ? "\(path)?\(query)&after=999999" : "\(path)?\(query)"
    }

    @Test func everyReadRefusesAParameterItDoesNotTake() async throws {
        let reads = try Self.documentedReads()
        #expect(reads.count >= 50, "the table is the document: it should hold every read")
        try await PagesFixture.run { f, client in
            for read in reads {
                let (status, errors) = try await Self.get(client, Self.uri(read.path, "zzfilter=1"), key: f.admin)
                #expect(status == .unprocessableContent, "GET \(read.path)?zzfilter=1 answered \(status.code)")
                let named = errors.first { $0.field == "zzfilter" }
                #expect(named?.reason.hasPrefix("is not a parameter of this endpoint") == true, "GET \(read.path): \(errors)")
                for parameter in read.parameters {
                    #expect(named?.reason.contains(parameter) == true, "GET \(read.path) does not say it takes \(parameter): \(errors)")
                }
            }
        }
    }

    @Test func everyDocumentedParameterIsTaken() async throws {
        try await PagesFixture.run { f, client in
            for read in try Self.documentedReads() {
                for parameter in read.parameters {
                    let (_, errors) = try await Self.get(client, Self.uri(read.path, "\(parameter)=x"), key: f.admin)
                    let refused = errors.first { $0.field == parameter && $0.reason.contains("is not a parameter") }
                    #expect(refused == nil, "GET \(read.path) refuses its documented \(parameter)")
                }
            }
        }
    }

    /// QA r4 fuzz H2: `POST /v1/actions?dryRun=true` recorded a real proposal. Every documented
    /// write under /v1 refuses a parameter it does not take, before it does anything; the writes
    /// that take parameters are exactly those the middleware leaves to their routes.
    @Test func everyWriteRefusesAParameterItDoesNotTake() async throws {
        let document = try #require(try Yams.load(yaml: OpenAPIController.document) as? [String: Any])
        let paths = try #require(document["paths"] as? [String: Any])
        var writes: [(method: HTTPRequest.Method, path: String)] = []
        var taking: [String] = []
        for (path, item) in paths where path.hasPrefix("/v1/") {
            for (name, operation) in item as? [String: Any] ?? [:] {
                guard let method = ["post": HTTPRequest.Method.post, "put": .put, "delete": .delete][name] else { continue }
                let concrete = "/" + path.split(separator: "/").map { $0.hasPrefix("{") ? "x1" : String($0) }.joined(separator: "/")
                let query = ((operation as? [String: Any])?["parameters"] as? [Any] ?? []).contains { ($0 as? [String: Any])?["in"] as? String == "query" }
                if query { taking.append(concrete) } else { writes.append((method, concrete)) }
            }
        }
        #expect(writes.count >= 30, "the table is the document: it should hold every write")
        #expect(Set(taking) == ["/v1/executions", "/v1/experiments/x1/evaluate"])
        #expect(taking.allSatisfy(WriteQueryMiddleware.readsItsQuery) && !writes.contains { WriteQueryMiddleware.readsItsQuery($0.path) })
        let checked = writes
        try await PagesFixture.run { f, client in
            let head = try await f.store.head(tenant: "default")
            for write in checked {
                let response = try await client.execute(
                    uri: write.path + "?dryRun=true", method: write.method,
                    headers: [.authorization: "Bearer \(f.admin)", .contentType: "application/json"], body: ByteBuffer(string: "{}"))
                let body = String(buffer: response.body)
                #expect(response.status == .unprocessableContent && body.contains(#""field":"dryRun""#), "\(write.method) \(write.path): \(body)")
            }
            #expect(try await f.store.head(tenant: "default") == head, "a refused write changed the ledger")
        }
    }

    /// The reports' cases: each misspelt filter is named, with the one meant.
    @Test func aMisspeltFilterIsNamedWithTheOneMeant() async throws {
        try await PagesFixture.run { f, client in
            for (uri, field, meant) in [
                ("/v1/executions?skil=classify&limit=1000", "skil", "skill"), ("/v1/executions/export?skil=classify", "skil", "skill"),
                ("/v1/anomalies?skil=classify", "skil", "skill"), ("/v1/alerts?rul=quota-exhausted", "rul", "rule"),
                ("/v1/baselines?formt=csv", "formt", "format"), ("/v1/ledger/verify?expecthead=1:00", "expecthead", "expectHead"),
                ("/v1/actions?statuss=pending", "statuss", "status"), ("/v1/rankings?agnt=CRO", "agnt", "agent"),
            ] {
                let (status, errors) = try await Self.get(client, uri, key: f.admin)
                #expect(status == .unprocessableContent, "\(uri) answered \(status.code)")
                #expect(errors.contains { $0.field == field && $0.reason.hasSuffix("did you mean '\(meant)'?") }, "\(uri): \(errors)")
            }
            // A read that takes nothing says so.
            let (status, errors) = try await Self.get(client, "/v1/quotas?provider=openai", key: f.admin)
            #expect(status == .unprocessableContent && errors.first?.reason == "is not a parameter of this endpoint (it takes none)")
        }
    }
}
