import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import StewardCore
@testable import StewardServer

/// `POST /v1/actions/{id}/rerun`: a settled action's intent proposed again, as a new action that
/// takes the whole path (seed 003 §5.7, "re-run execution from intent").
@Suite("Re-running an action")
struct ActionRerunRouteTests {
    let routes = ActionRouteTests()

    static func get(_ client: any TestClientProtocol, _ uri: String, key: String) async throws -> JSONValue {
        let response = try await client.execute(uri: uri, method: .get, headers: [.authorization: "Bearer \(key)"])
        #expect(response.status == .ok)
        return try JSONReader.parse(Array(response.body.readableBytesView))
    }

    /// A dispatched action approved with an edit, then failed: its re-run carries the edited
    /// params under a new id and idempotency key, names the original, and the original's ledger
    /// subject records the request.
    @Test func aFailedActionIsProposedAgainWithTheParamsItRanWith() async throws {
        try await routes.withApp { keys, client in
            let (_, proposed) = try await ActionRouteTests.post(
                client, "/v1/actions", key: keys.agent, #"{"type":"create_internal_note","agent":"CRO","account":"acme","params":{"text":"draft"}}"#)
            let id = try #require(proposed["id"]?.stringValue)
            let (_, approved) = try await ActionRouteTests.post(client, "/v1/actions/\(id)/approve", key: keys.admin, #"{"params":{"text":"final"}}"#)
            #expect(approved["status"] == "dispatched")

            let (open, problem) = try await ActionRouteTests.post(client, "/v1/actions/\(id)/rerun", key: keys.admin, "")
            #expect(open == .conflict)
            #expect(problem["detail"]?.stringValue?.contains("still dispatched") == true)

            let (_, failed) = try await ActionRouteTests.post(client, "/v1/actions/\(id)/outcome", key: keys.agent, #"{"label":"EXECUTION_FAILED"}"#)
            #expect(failed["status"] == "failed")
            let (status, rerun) = try await ActionRouteTests.post(client, "/v1/actions/\(id)/rerun", key: keys.admin, #"{"note":"the CRM was down"}"#)
            #expect(status == .created)
            let rerunID = try #require(rerun["id"]?.stringValue)
            #expect(rerunID != id && rerun["rerunOf"]?.stringValue == id)
            #expect(rerun["idempotencyKey"]?.stringValue == rerunID)
            #expect(rerun["proposal"]?["params"] == ["text": "final"] && rerun["proposal"]?["trigger"] == "person")
            #expect(rerun["proposal"]?["agent"] == "CRO" && rerun["proposal"]?["account"] == "acme")
            // The tenant is in approve mode: the re-run waits for a person like any other proposal.
            #expect(rerun["status"] == "pending_approval")

            let original = try await Self.get(client, "/v1/ledger?subject=action:\(id)&kind=action.rerun_requested", key: keys.admin)
            guard case .array(let entries)? = original["entries"] else { Issue.record("no entries"); return }
            #expect(entries.count == 1)
            #expect(entries.first?["payload"]?["rerun"]?.stringValue == rerunID && entries.first?["payload"]?["note"] == "the CRM was down")
            let proposedEntry = try await Self.get(client, "/v1/ledger?subject=action:\(rerunID)&kind=action.proposed", key: keys.admin)
            #expect(ActionRouteTests.first(proposedEntry["entries"])?["payload"]?["rerunOf"]?.stringValue == id)
        }
    }

    @Test func aRerunIsAPersonsRequestAndNamesWhatIsWrong() async throws {
        try await routes.withApp { keys, client in
            let (_, proposed) = try await ActionRouteTests.post(
                client, "/v1/actions", key: keys.agent, #"{"type":"create_internal_note","agent":"CRO","account":"acme"}"#)
            let id = try #require(proposed["id"]?.stringValue)
            let (_, rejected) = try await ActionRouteTests.post(client, "/v1/actions/\(id)/reject", key: keys.admin, #"{"reason":"not now"}"#)
            #expect(rejected["status"] == "rejected")

            let (agent, forbidden) = try await ActionRouteTests.post(client, "/v1/actions/\(id)/rerun", key: keys.agent, "{}")
            #expect(agent == .forbidden && forbidden["status"] == 403)
            let (unknownField, invalid) = try await ActionRouteTests.post(client, "/v1/actions/\(id)/rerun", key: keys.admin, #"{"params":{}}"#)
            #expect(unknownField == .unprocessableContent && ActionRouteTests.first(invalid["errors"])?["field"] == "params")
            let long = String(repeating: "x", count: 2001)
            let (tooLong, why) = try await ActionRouteTests.post(client, "/v1/actions/\(id)/rerun", key: keys.admin, #"{"note":"\#(long)"}"#)
            #expect(tooLong == .unprocessableContent && ActionRouteTests.first(why["errors"])?["field"] == "note")
            let (missing, _) = try await ActionRouteTests.post(client, "/v1/actions/act_0000000000000000/rerun", key: keys.admin, "{}")
            #expect(missing == .notFound)
            // Nothing above made an action.
            let listed = try await Self.get(client, "/v1/actions", key: keys.admin)
            guard case .array(let actions)? = listed["actions"] else { Issue.record("no actions"); return }
            #expect(actions.count == 1)
        }
    }

    @Test func aRetriedRerunWithItsKeyAnswersTheFirstOne() async throws {
        try await routes.withApp { keys, client in
            let (_, proposed) = try await ActionRouteTests.post(
                client, "/v1/actions", key: keys.agent, #"{"type":"create_internal_note","agent":"CRO","account":"acme"}"#)
            let id = try #require(proposed["id"]?.stringValue)
            _ = try await ActionRouteTests.post(client, "/v1/actions/\(id)/reject", key: keys.admin, #"{"reason":"not now"}"#)
            var ids: [String] = []
            for _ in 0..<2 {
                let response = try await client.execute(
                    uri: "/v1/actions/\(id)/rerun", method: .post,
                    headers: [.authorization: "Bearer \(keys.admin)", .contentType: "application/json", HTTPField.Name("Idempotency-Key")!: "rerun-1"],
                    body: ByteBuffer(string: "{}"))
                #expect(response.status == .created)
                ids.append(try JSONReader.parse(Array(response.body.readableBytesView))["id"]?.stringValue ?? "")
            }
            #expect(ids[0] == ids[1] && ids[0].hasPrefix("act_"))
            let listed = try await Self.get(client, "/v1/actions", key: keys.admin)
            guard case .array(let actions)? = listed["actions"] else { Issue.record("no actions"); return }
            #expect(actions.count == 2)
        }
    }
}
