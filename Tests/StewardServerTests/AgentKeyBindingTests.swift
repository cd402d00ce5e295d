import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import StewardCore
import StewardEngine
@testable import StewardServer
import StewardSQLite
import StewardTestSupport

/// An agent key bound to agents (`steward keys create --agent`) speaks only for them: signals,
/// proposals for any other agent are a 403 naming the field, outcomes for another agent's action a
/// 404 as for an unknown one, and change nothing.
@Suite("Agent key binding")
struct AgentKeyBindingTests {
    struct Keys {
        let admin: String
        let cro: String
        let store: SQLiteStore
        let clock: TestClock
    }

    func withApp(_ body: @Sendable (Keys, any TestClientProtocol) async throws -> Void) async throws {
        var keyed = try await KeyedStore.make(prefix: "steward-key-binding", seed: 11)
        defer { keyed.remove() }
        let (store, clock, tenancy) = (keyed.store, keyed.clock, keyed.tenancy)
        let admin = try await keyed.key(.admin, name: "ops")
        let cro = try await keyed.key(.agent, name: "cro-worker", agents: ["CRO"])
        let router = try apiRouter(store: store, tenancy: tenancy, clock: clock, maxBodyBytes: 65_536)
        let keys = Keys(admin: admin.token, cro: cro.token, store: store, clock: clock)
        try await Application(router: router).test(.router) { client in try await body(keys, client) }
    }

    static func post(_ client: any TestClientProtocol, _ uri: String, key: String, _ json: String) async throws -> (HTTPResponse.Status, JSONValue) {
        let response = try await client.execute(
            uri: uri, method: .post, headers: [.authorization: "Bearer \(key)", .contentType: "application/json"], body: ByteBuffer(string: json))
        return (response.status, (try? JSONReader.parse(Array(response.body.readableBytesView))) ?? .null)
    }

    static func firstField(_ problem: JSONValue) -> JSONValue? {
        if case .array(let items)? = problem["errors"] { return items.first?["field"] }
        return nil
    }

    static func signal(_ agent: String, _ keys: Keys) -> String {
        #"{"agent":""# + agent + #"","status":"healthy","metrics":{"successRate":1,"alignment":1,"backlogAgeMinutes":0},"ts":""#
            + keys.clock.now().rfc3339 + #""}"#
    }

    static func head(_ keys: Keys) async throws -> Int64 {
        try await keys.store.ledger(tenant: "acme", query: LedgerQuery(limit: 10_000)).rows.last?.seq ?? 0
    }

    @Test func aBoundKeySendsSignalsOnlyForItsAgents() async throws {
        try await withApp { keys, client in
            #expect(try await Self.post(client, "/v1/signals", key: keys.cro, Self.signal("CRO", keys)).0 == .accepted)
            let before = try await Self.head(keys)
            let (single, problem) = try await Self.post(client, "/v1/signals", key: keys.cro, Self.signal("CMO", keys))
            #expect(single == .forbidden && Self.firstField(problem) == "agent")
            #expect(problem["detail"]?.stringValue?.contains("speaks only for agent 'CRO', not 'CMO'") == true)
            let batch = "[" + Self.signal("CRO", keys) + "," + Self.signal("CMO", keys) + "]"
            let (batched, batchProblem) = try await Self.post(client, "/v1/signals", key: keys.cro, batch)
            #expect(batched == .forbidden && Self.firstField(batchProblem) == "[1].agent")
            #expect(try await Self.head(keys) == before)
            // An unbound key (here the admin's) still speaks for any agent.
            #expect(try await Self.post(client, "/v1/signals", key: keys.admin, Self.signal("CMO", keys)).0 == .accepted)
        }
    }

    /// QA (spine) LOW-6: a bound key dry-ran the gate for other agents and read their gate inputs.
    @Test func aBoundKeyEvaluatesOnlyForItsAgents() async throws {
        try await withApp { keys, client in
            let note = #"{"type":"create_internal_note","agent":"CRO","account":"a1"}"#
            #expect(try await Self.post(client, "/v1/decisions/evaluate", key: keys.cro, note).0 == .ok)
            let (single, problem) = try await Self.post(client, "/v1/decisions/evaluate", key: keys.cro, #"{"type":"create_internal_note","agent":"CMO"}"#)
            #expect(single == .forbidden && Self.firstField(problem) == "agent")
            let (batch, batchProblem) = try await Self.post(
                client, "/v1/decisions/evaluate", key: keys.cro, #"{"candidates":["# + note + #",{"type":"create_internal_note","agent":"CMO"}]}"#)
            #expect(batch == .forbidden && Self.firstField(batchProblem) == "candidates[1].agent")
            #expect(try await Self.post(client, "/v1/decisions/evaluate", key: keys.admin, #"{"type":"create_internal_note","agent":"CMO"}"#).0 == .ok)
        }
    }

    @Test func aBoundKeyProposesAndReportsOutcomesOnlyForItsAgents() async throws {
        try await withApp { keys, client in
            let (own, proposed) = try await Self.post(client, "/v1/actions", key: keys.cro, #"{"type":"create_internal_note","agent":"CRO","account":"a1"}"#)
            #expect(own == .created)
            let before = try await Self.head(keys)
            let (other, problem) = try await Self.post(client, "/v1/actions", key: keys.cro, #"{"type":"create_internal_note","agent":"CMO","account":"a1"}"#)
            #expect(other == .forbidden && Self.firstField(problem) == "agent")
            #expect(try await Self.head(keys) == before)

            let (_, cmoAction) = try await Self.post(client, "/v1/actions", key: keys.admin, #"{"type":"create_internal_note","agent":"CMO","account":"a2"}"#)
            let cmoID = try #require(cmoAction["id"]?.stringValue)
            let afterCMO = try await Self.head(keys)
            // Another agent's action answers as one that does not exist: the same 404, word for word.
            let (refused, outcomeProblem) = try await Self.post(client, "/v1/actions/\(cmoID)/outcome", key: keys.cro, #"{"label":"EXECUTION_SUCCEEDED"}"#)
            let (missing, missingProblem) = try await Self.post(client, "/v1/actions/act_0000000000000000/outcome", key: keys.cro, #"{"label":"EXECUTION_SUCCEEDED"}"#)
            #expect(refused == .notFound && missing == .notFound)
            #expect(outcomeProblem["detail"]?.stringValue?.replacingOccurrences(of: cmoID, with: "X")
                == missingProblem["detail"]?.stringValue?.replacingOccurrences(of: "act_0000000000000000", with: "X"))
            #expect(try await Self.head(keys) == afterCMO)
            let croID = try #require(proposed["id"]?.stringValue)
            if proposed["status"] == "pending_approval" { _ = try await Self.post(client, "/v1/actions/\(croID)/approve", key: keys.admin, "{}") }
            #expect(try await Self.post(client, "/v1/actions/\(croID)/outcome", key: keys.cro, #"{"label":"EXECUTION_SUCCEEDED"}"#).0 == .ok)
        }
    }

    @Test func onlyAgentKeysCanBeBoundAndTheBindingIsRecorded() async throws {
        let dir = try TemporaryDirectory(prefix: "steward-key-binding")
        defer { dir.remove() }
        let store = try SQLiteStore(path: dir.file("s.sqlite"))
        let tenancy = Tenancy(store: store, clock: TestClock(), configRevision: "rev")
        var generator = SeededGenerator(seed: 3)
        try await tenancy.ensureTenant("acme", name: "Acme", actor: "test")
        await #expect(throws: TenancyError.self) {
            _ = try await tenancy.issueKey(tenant: "acme", role: .operator, name: "ops", agents: ["CRO"], actor: "test", using: &generator)
        }
        await #expect(throws: TenancyError.self) {
            _ = try await tenancy.issueKey(tenant: "acme", role: .agent, name: "none", agents: [], actor: "test", using: &generator)
        }
        let key = try await tenancy.issueKey(tenant: "acme", role: .agent, name: "w", agents: ["CRO", "CMO", "CRO"], actor: "test", using: &generator)
        #expect(try await tenancy.keyRecord(id: key.id)?.agents == ["CMO", "CRO"])
        let created = try await store.ledger(tenant: "acme", query: LedgerQuery(kinds: ["key.created"], limit: 10)).rows.last
        #expect(try created?.entry().payload["agents"] == ["CMO", "CRO"])
    }

    /// A key's name is who it is in `keys list`, approvals and `governance.approvers`: it must be
    /// printable (a newline would forge a row) and no other live key's in the tenant.
    @Test func keyNamesArePrintableAndOneLiveKeysEach() async throws {
        let dir = try TemporaryDirectory(prefix: "steward-key-names")
        defer { dir.remove() }
        let store = try SQLiteStore(path: dir.file("s.sqlite"))
        let tenancy = Tenancy(store: store, clock: TestClock(), configRevision: "rev")
        var generator = SeededGenerator(seed: 4)
        try await tenancy.ensureTenant("acme", name: "Acme", actor: "test")
        for bad in ["ops\nadmin  admin", "ops\u{202E}nimda", "a\u{0}b"] {
            await #expect(throws: TenancyError.self) {
                _ = try await tenancy.issueKey(tenant: "acme", role: .operator, name: bad, actor: "test", using: &generator)
            }
        }
        let first = try await tenancy.issueKey(tenant: "acme", role: .operator, name: "ops", actor: "test", using: &generator)
        await #expect(throws: TenancyError.self) {
            _ = try await tenancy.issueKey(tenant: "acme", role: .admin, name: "ops", actor: "test", using: &generator)
        }
        _ = try await tenancy.revokeKey(id: first.id, reason: "rotated", actor: "test")
        _ = try await tenancy.issueKey(tenant: "acme", role: .operator, name: "ops", actor: "test", using: &generator)
        #expect(try await tenancy.keys(tenant: "acme").filter { $0.name == "ops" }.count == 2)
    }
}
