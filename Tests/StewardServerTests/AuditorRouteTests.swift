import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import StewardCore
import StewardEngine
@testable import StewardServer

/// An auditor key reads what an operator reads and changes nothing, across every route openapi.yaml
/// documents: the table is the document itself, so a route added later is held to the rule too.
@Suite("Auditor role over the API")
struct AuditorRouteTests {
    /// The reads an auditor may not do: they need an admin.
    static let adminReads: Set<String> = ["/v1/webhook-secret"]
    /// The writes that change nothing, so an auditor may send them: the gate's dry run.
    static let readingWrites: Set<String> = ["POST /v1/decisions/evaluate"]

    static func call(_ client: any TestClientProtocol, _ method: HTTPRequest.Method, _ uri: String, key: String) async throws -> (HTTPResponse.Status, JSONValue) {
        let response = try await client.execute(
            uri: uri, method: method, headers: [.authorization: "Bearer \(key)", .contentType: "application/json"],
            body: method == .get ? nil : ByteBuffer(string: "{}"))
        return (response.status, (try? JSONReader.parse(Array(response.body.readableBytesView))) ?? .null)
    }

    /// Every documented route: the reads answer as they answer an operator (200, 404, 422: never
    /// 403), the writes are refused with a 403 that names the role needed, and the ledger does not grow.
    @Test func anAuditorReadsEveryDocumentedReadAndChangesNothing() async throws {
        try await PagesFixture.run { f, client in
            let head = try await f.store.head(tenant: "default").seq
            var reads = 0, writes = 0
            for route in DocumentedRoutes.shipped.routes where route.segments.first == "v1" {
                let path = "/" + route.segments.map { $0.hasPrefix("{") ? "x1" : String($0) }.joined(separator: "/")
                for method in route.methods {
                    // The stream would stay open: a cursor past the head answers 422 once the role is allowed.
                    let uri = path == "/v1/events" ? path + "?after=999999" : path
                    let (status, problem) = try await Self.call(client, HTTPRequest.Method(method) ?? .get, uri, key: f.auditor)
                    let label = "\(method) \(path)"
                    if method == "GET" && !Self.adminReads.contains(path) || Self.readingWrites.contains(label) {
                        #expect(status != .forbidden && status != .unauthorized, "\(label) answered \(status.code) to an auditor")
                        // What an operator is answered, an auditor is answered: the same reads.
                        let asOperator = try await Self.call(client, HTTPRequest.Method(method) ?? .get, uri, key: f.operatorKey).0
                        #expect(status == asOperator, "\(label) answered \(status.code) to an auditor, \(asOperator.code) to an operator")
                        reads += 1
                    } else {
                        #expect(status == .forbidden, "\(label) answered \(status.code) to an auditor")
                        let detail = problem["detail"]?.stringValue ?? ""
                        #expect(detail.contains("needs the ") && detail.contains("has auditor"), "\(label): \(detail)")
                        writes += 1
                    }
                }
            }
            #expect(reads >= 50 && writes >= 35, "the table is the document: it should hold every route")
            #expect(try await f.store.head(tenant: "default").seq == head)
        }
    }

    /// The refusal names the role the write needs, and says why an auditor has it not.
    @Test func aRefusedWriteNamesTheRoleItNeeds() async throws {
        try await PagesFixture.run { f, client in
            let action = try await f.propose("send_email")
            let (approve, approveProblem) = try await Self.call(client, .post, "/v1/actions/\(action.proposal.id)/approve", key: f.auditor)
            #expect(approve == .forbidden)
            #expect(approveProblem["detail"]?.stringValue?.contains("this changes things and needs the operator role") == true)
            #expect(approveProblem["detail"]?.stringValue?.contains("has auditor, which only reads") == true)
            let (signal, signalProblem) = try await Self.call(client, .post, "/v1/signals", key: f.auditor)
            #expect(signal == .forbidden && signalProblem["detail"]?.stringValue?.contains("needs the agent role") == true)
            #expect(try await f.spine.action(action.proposal.id, tenant: "default").record.status == action.status)
            // What an operator reads, an auditor reads: the ledger, its check, its export.
            for uri in ["/v1/ledger", "/v1/ledger/verify", "/v1/ledger/export?format=csv", "/v1/actions/\(action.proposal.id)", "/v1/escalations"] {
                #expect(try await Self.call(client, .get, uri, key: f.auditor).0 == .ok, "\(uri)")
            }
            // An agent key still may not read the ledger: the auditor's reads are not the agent's.
            #expect(try await Self.call(client, .get, "/v1/ledger", key: f.agent).0 == .forbidden)
        }
    }
}
