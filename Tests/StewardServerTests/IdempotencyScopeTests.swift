import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import StewardCore
@testable import StewardServer
import StewardSQLite
import StewardTestSupport

/// An `Idempotency-Key` belongs to the API key that sent it: another key sending the same one (and
/// the same body) makes a request of its own, which the route checks as any other, and never
/// receives the first key's stored answer.
@Suite("Idempotency key scope")
struct IdempotencyScopeTests {
    struct Keys {
        let admin: String
        let agent: String
        let cro: String
        let store: SQLiteStore
    }

    struct Answer {
        let status: HTTPResponse.Status
        let body: JSONValue
        let replayed: Bool
    }

    func withApp(_ body: @Sendable (Keys, any TestClientProtocol) async throws -> Void) async throws {
        var keyed = try await KeyedStore.make(prefix: "steward-idempotency-scope", seed: 21)
        defer { keyed.remove() }
        let admin = try await keyed.key(.admin, name: "ops")
        let agent = try await keyed.key(.agent, name: "any-agent")
        let cro = try await keyed.key(.agent, name: "cro-worker", agents: ["CRO"])
        let router = try apiRouter(store: keyed.store, tenancy: keyed.tenancy, clock: keyed.clock, maxBodyBytes: 65_536)
        let keys = Keys(admin: admin.token, agent: agent.token, cro: cro.token, store: keyed.store)
        try await Application(router: router).test(.router) { client in try await body(keys, client) }
    }

    static func post(_ client: any TestClientProtocol, _ uri: String, key: String, idempotencyKey: String, _ json: String) async throws -> Answer {
        let response = try await client.execute(
            uri: uri, method: .post,
            headers: [.authorization: "Bearer \(key)", .contentType: "application/json", .idempotencyKey: idempotencyKey],
            body: ByteBuffer(string: json))
        return Answer(
            status: response.status, body: (try? JSONReader.parse(Array(response.body.readableBytesView))) ?? .null,
            replayed: response.headers[.idempotentReplayed] == "true")
    }

    static func firstField(_ problem: JSONValue) -> JSONValue? {
        if case .array(let items)? = problem["errors"] { return items.first?["field"] }
        return nil
    }

    static func head(_ keys: Keys) async throws -> Int64 {
        try await keys.store.ledger(tenant: "acme", query: LedgerQuery(limit: 10_000)).rows.last?.seq ?? 0
    }

    @Test func aBoundKeyCannotReplayAnotherAgentsProposal() async throws {
        try await withApp { keys, client in
            let proposal = #"{"type":"create_internal_note","agent":"CMO","account":"a1"}"#
            let first = try await Self.post(client, "/v1/actions", key: keys.admin, idempotencyKey: "p-1", proposal)
            #expect(first.status == .created && !first.replayed)
            // The same key again is a replay of the first answer, as before.
            let again = try await Self.post(client, "/v1/actions", key: keys.admin, idempotencyKey: "p-1", proposal)
            #expect(again.status == .created && again.replayed && again.body["id"] == first.body["id"])
            let before = try await Self.head(keys)
            let stolen = try await Self.post(client, "/v1/actions", key: keys.cro, idempotencyKey: "p-1", proposal)
            #expect(stolen.status == .forbidden && !stolen.replayed && Self.firstField(stolen.body) == "agent")
            #expect(stolen.body["id"] == nil)
            #expect(try await Self.head(keys) == before)
        }
    }

    @Test func anAgentKeyCannotReplayAPersonsProposal() async throws {
        try await withApp { keys, client in
            let proposal = #"{"type":"create_internal_note","agent":"CRO","account":"a1","trigger":"person"}"#
            let first = try await Self.post(client, "/v1/actions", key: keys.admin, idempotencyKey: "p-2", proposal)
            #expect(first.status == .created)
            let before = try await Self.head(keys)
            let stolen = try await Self.post(client, "/v1/actions", key: keys.agent, idempotencyKey: "p-2", proposal)
            #expect(stolen.status == .forbidden && !stolen.replayed && Self.firstField(stolen.body) == "trigger")
            #expect(try await Self.head(keys) == before)
        }
    }

    @Test func anotherKeysAnnotationIsANewAnnotation() async throws {
        try await withApp { keys, client in
            let note = #"{"text":"deployed v2"}"#
            let first = try await Self.post(client, "/v1/annotations", key: keys.admin, idempotencyKey: "n-1", note)
            let mine = try await Self.post(client, "/v1/annotations", key: keys.admin, idempotencyKey: "n-1", note)
            #expect(first.status == .created && mine.replayed && mine.body["id"] == first.body["id"])
            let other = try await Self.post(client, "/v1/annotations", key: keys.agent, idempotencyKey: "n-1", note)
            #expect(other.status == .created && !other.replayed && other.body["id"] != first.body["id"])
            // And each key's own retry still finds its own answer; another body under it is 409.
            let otherAgain = try await Self.post(client, "/v1/annotations", key: keys.agent, idempotencyKey: "n-1", note)
            #expect(otherAgain.replayed && otherAgain.body["id"] == other.body["id"])
            let changed = try await Self.post(client, "/v1/annotations", key: keys.agent, idempotencyKey: "n-1", #"{"text":"other"}"#)
            #expect(changed.status == .conflict)
            #expect(changed.body["detail"]?.stringValue?.contains("Idempotency-Key 'n-1' was already used") == true)
        }
    }
}
