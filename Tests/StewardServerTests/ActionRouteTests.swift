import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Testing
import StewardApp
import StewardCore
import StewardEngine
@testable import StewardServer
import StewardSQLite
import StewardTestSupport

/// The action and kill-switch routes where the QA report found the API trusting or hiding too
/// much: triggers reserved for people and Steward (F5), the params to execute (F18), and a second
/// engage of the kill switch (F24).
@Suite("Action routes")
struct ActionRouteTests {
    struct Keys {
        let admin: String
        let agent: String
    }

    func withApp(_ body: @Sendable (Keys, any TestClientProtocol) async throws -> Void) async throws {
        try await withApp { keys, client, _ in try await body(keys, client) }
    }

    /// The app with the governance routes, its store and the admin key's id too.
    func withApp(_ body: @Sendable (Keys, any TestClientProtocol, (store: any Store, adminID: String)) async throws -> Void) async throws {
        var keyed = try await KeyedStore.make(prefix: "steward-action-routes", seed: 7)
        defer { keyed.remove() }
        let (store, clock, tenancy) = (keyed.store, keyed.clock, keyed.tenancy)
        let admin = try await keyed.key(.admin, name: "ops")
        let agent = try await keyed.key(.agent, name: "CRO agent")
        let router = try apiRouter(store: store, tenancy: tenancy, clock: clock, maxBodyBytes: 65_536, withGovernance: true)
        let keys = Keys(admin: admin.token, agent: agent.token)
        try await Application(router: router).test(.router) { client in try await body(keys, client, (store, admin.id)) }
    }

    static func post(_ client: any TestClientProtocol, _ uri: String, key: String, _ json: String) async throws -> (HTTPResponse.Status, JSONValue) {
        let response = try await client.execute(
            uri: uri, method: .post, headers: [.authorization: "Bearer \(key)", .contentType: "application/json"], body: ByteBuffer(string: json))
        return (response.status, try JSONReader.parse(Array(response.body.readableBytesView)))
    }

    static func first(_ list: JSONValue?) -> JSONValue? {
        if case .array(let items)? = list { return items.first }
        return nil
    }

    @Test func anAgentKeyCannotClaimATriggerReservedForPeopleOrSteward() async throws {
        try await withApp { keys, client in
            for trigger in ["person", "remediation"] {
                let (status, problem) = try await Self.post(
                    client, "/v1/actions", key: keys.agent, #"{"type":"create_internal_note","agent":"CRO","account":"acme","trigger":"\#(trigger)"}"#)
                #expect(status == .forbidden)
                #expect(Self.first(problem["errors"])?["field"] == "trigger")
            }
            let (person, _) = try await Self.post(
                client, "/v1/actions", key: keys.admin, #"{"type":"create_internal_note","agent":"CRO","account":"acme","trigger":"person"}"#)
            #expect(person == .created)
            let (agent, _) = try await Self.post(client, "/v1/actions", key: keys.agent, #"{"type":"create_internal_note","agent":"CRO","account":"acme"}"#)
            #expect(agent == .created)
        }
    }

    @Test func anActionShowsTheParamsToExecute() async throws {
        try await withApp { keys, client in
            let (_, proposed) = try await Self.post(
                client, "/v1/actions", key: keys.agent, #"{"type":"create_internal_note","agent":"CRO","account":"acme","params":{"text":"draft"}}"#)
            #expect(proposed["effectiveParams"] == ["text": "draft"])
            let id = try #require(proposed["id"]?.stringValue)
            let (status, approved) = try await Self.post(client, "/v1/actions/\(id)/approve", key: keys.admin, #"{"params":{"text":"final"}}"#)
            #expect(status == .ok && approved["status"] == "dispatched")
            #expect(approved["effectiveParams"] == ["text": "final"] && approved["proposal"]?["params"] == ["text": "draft"])
            let listed = try await client.execute(
                uri: "/v1/actions?status=dispatched", method: .get, headers: [.authorization: "Bearer \(keys.agent)"])
            let page = try JSONReader.parse(Array(listed.body.readableBytesView))
            #expect(Self.first(page["actions"])?["effectiveParams"] == ["text": "final"])
        }
    }

    /// The inbox lists what the risk gate held for a person beside the loop's escalations, with
    /// its two options and where to decide; a decided action leaves it.
    @Test func theEscalationInboxListsHeldActions() async throws {
        try await withApp { keys, client in
            let autonomy = try await client.execute(
                uri: "/v1/autonomy", method: .put, headers: [.authorization: "Bearer \(keys.admin)", .contentType: "application/json"],
                body: ByteBuffer(string: #"{"mode":"autopilot"}"#))
            #expect(autonomy.status == .ok)
            let (_, held) = try await Self.post(
                client, "/v1/actions", key: keys.agent, #"{"type":"contact_customer","agent":"CRO","account":"acme","params":{"message":"hi"}}"#)
            #expect(held["status"] == "pending_approval")
            let id = try #require(held["id"]?.stringValue)
            func inbox(_ query: String = "") async throws -> JSONValue {
                let response = try await client.execute(uri: "/v1/escalations\(query)", method: .get, headers: [.authorization: "Bearer \(keys.admin)"])
                #expect(response.status == .ok)
                return try JSONReader.parse(Array(response.body.readableBytesView))
            }
            let open = try await inbox()
            let item = try #require(Self.first(open["actions"]))
            #expect(item["action"]?.stringValue == id && item["reason"] == held["decision"]?["reason"])
            #expect(item["safe"]?["choice"] == "reject" && item["aggressive"]?["choice"] == "approve")
            #expect(item["approve"]?.stringValue == "/v1/actions/\(id)/approve")
            #expect(open["escalations"] == .array([]))
            // QA r6 scale M2: a list cut at `limit` says how many there are.
            let (_, second) = try await Self.post(
                client, "/v1/actions", key: keys.agent, #"{"type":"contact_customer","agent":"CRO","account":"acme2","params":{"message":"hi"}}"#)
            let cut = try await inbox("?limit=1")
            #expect(cut["totals"] == ["escalations": 0, "actions": 2])
            if case .array(let items)? = cut["actions"] { #expect(items.count == 1) } else { Issue.record("no actions") }
            let (_, _) = try await Self.post(client, "/v1/actions/\(try #require(second["id"]?.stringValue))/reject", key: keys.admin, #"{"reason":"no"}"#)
            #expect(try await inbox("?status=resolved")["actions"] == .array([]))
            let (rejected, _) = try await Self.post(client, "/v1/actions/\(id)/reject", key: keys.admin, #"{"reason":"not now"}"#)
            #expect(rejected == .ok)
            #expect(try await inbox()["actions"] == .array([]))
        }
    }

    /// QA r6 scale L2: a page that took the last actions still gave a cursor to an empty page.
    @Test func thePageWithTheLastActionsHasNoCursor() async throws {
        try await withApp { keys, client in
            for n in 0..<4 {
                _ = try await Self.post(client, "/v1/actions", key: keys.agent, #"{"type":"create_internal_note","agent":"CRO","account":"p\#(n)"}"#)
            }
            func page(_ query: String) async throws -> JSONValue {
                let response = try await client.execute(uri: "/v1/actions?\(query)", method: .get, headers: [.authorization: "Bearer \(keys.agent)"])
                return try JSONReader.parse(Array(response.body.readableBytesView))
            }
            let first = try await page("limit=2")
            let cursor = try #require(first["nextCursor"]?.stringValue)
            let last = try await page("limit=2&after=\(cursor)")
            if case .array(let items)? = last["actions"] { #expect(items.count == 2) } else { Issue.record("no actions") }
            #expect(last["nextCursor"] == .null)
            #expect(try await page("limit=4")["nextCursor"] == .null)
        }
    }

    @Test func engagingAnEngagedKillSwitchSaysItWasAlreadyEngaged() async throws {
        try await withApp { keys, client in
            let (_, first) = try await Self.post(client, "/v1/kill-switch", key: keys.admin, #"{"engaged":true,"reason":"bad deploy"}"#)
            #expect(first["changed"] == true && first["note"]?.stringValue == nil)
            let (status, again) = try await Self.post(client, "/v1/kill-switch", key: keys.admin, #"{"engaged":true,"reason":"again"}"#)
            #expect(status == .ok && again["changed"] == false && again["reason"] == "bad deploy")
            #expect(again["note"]?.stringValue?.contains("already engaged") == true)
        }
    }

    /// QA r7 breakers M3: a breaker command was recorded under the key's name, which a revoked
    /// key's successor may take; the ledger names the key, as every other operator command does.
    @Test func aBreakerCommandRecordsTheKeyNotItsName() async throws {
        try await withApp { keys, client, context in
            let (status, _) = try await Self.post(client, "/v1/breakers/high-error-rate/force-open", key: keys.admin, #"{"reason":"drill"}"#)
            #expect(status == .ok)
            let rows = try await context.store.ledger(tenant: "acme", query: LedgerQuery(kinds: ["breaker.forced_open"])).rows
            #expect(rows.map(\.actor) == ["key:\(context.adminID)"])
            let body = String(decoding: try #require(rows.first).canonicalPayload, as: UTF8.self)
            #expect(body.contains("by ops"), "the sentence still names the person: \(body)")
        }
    }
}
