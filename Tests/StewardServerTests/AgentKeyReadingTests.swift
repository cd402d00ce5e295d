import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import StewardCore

/// A bound agent key reads only its own agents' actions and incidents: another agent's are left
/// out of lists, refused by name in a filter, and absent (404) when asked for by id.
extension AgentKeyBindingTests {
    static func get(_ client: any TestClientProtocol, _ uri: String, key: String) async throws -> (HTTPResponse.Status, JSONValue, String) {
        let response = try await client.execute(uri: uri, method: .get, headers: [.authorization: "Bearer \(key)"])
        let text = String(buffer: response.body)
        return (response.status, (try? JSONReader.parse(Array(text.utf8))) ?? .null, text)
    }

    /// Opens an incident for each of `agents` (an error signal through the admin key); their ids by agent.
    static func openIncidents(_ agents: [String], _ keys: Keys, _ client: any TestClientProtocol) async throws -> [String: String] {
        for agent in agents {
            let failing = signal(agent, keys).replacingOccurrences(of: #""status":"healthy""#, with: #""status":"error""#)
                .replacingOccurrences(of: #""successRate":1"#, with: #""successRate":0.1"#)
            #expect(try await post(client, "/v1/signals", key: keys.admin, failing).0 == .accepted)
        }
        let all = try await get(client, "/v1/incidents", key: keys.admin).1
        guard case .array(let incidents)? = all["incidents"] else { Issue.record("no incidents: \(all)"); return [:] }
        return Dictionary(incidents.compactMap { i in i["agent"]?.stringValue.flatMap { a in i["id"]?.stringValue.map { (a, $0) } } }) { a, _ in a }
    }

    static func ids(_ list: JSONValue, _ member: String) -> [String] {
        guard case .array(let items)? = list[member] else { return [] }
        return items.compactMap { $0["id"]?.stringValue }
    }

    @Test func aBoundKeyReadsOnlyItsAgentsActions() async throws {
        try await withApp { keys, client in
            let (_, cro) = try await Self.post(client, "/v1/actions", key: keys.admin, #"{"type":"create_internal_note","agent":"CRO","account":"a1"}"#)
            let (_, cmo) = try await Self.post(client, "/v1/actions", key: keys.admin, #"{"type":"create_internal_note","agent":"CMO","account":"a1"}"#)
            let croID = try #require(cro["id"]?.stringValue), cmoID = try #require(cmo["id"]?.stringValue)

            #expect(Self.ids(try await Self.get(client, "/v1/actions", key: keys.cro).1, "actions") == [croID])
            #expect(Self.ids(try await Self.get(client, "/v1/actions?agent=CRO", key: keys.cro).1, "actions") == [croID])
            let (filtered, problem, _) = try await Self.get(client, "/v1/actions?agent=CMO", key: keys.cro)
            #expect(filtered == .forbidden && Self.firstField(problem) == "agent")
            #expect(problem["detail"]?.stringValue?.contains("speaks only for agent 'CRO', not 'CMO'") == true)

            #expect(try await Self.get(client, "/v1/actions/\(croID)", key: keys.cro).0 == .ok)
            // Another agent's action answers exactly as an id that never existed, so nothing tells them apart.
            let (other, _, otherText) = try await Self.get(client, "/v1/actions/\(cmoID)", key: keys.cro)
            let (absent, _, absentText) = try await Self.get(client, "/v1/actions/act_nothing", key: keys.cro)
            #expect(other == .notFound && absent == .notFound)
            #expect(otherText.replacingOccurrences(of: cmoID, with: "act_nothing") == absentText)

            // Unbound keys read every agent's.
            #expect(Set(Self.ids(try await Self.get(client, "/v1/actions", key: keys.admin).1, "actions")) == [croID, cmoID])
            #expect(try await Self.get(client, "/v1/actions/\(cmoID)", key: keys.admin).0 == .ok)
        }
    }

    /// QA r6 M1: an account's digest listed every agent's actions to a key bound to one of them.
    @Test func aBoundKeyReadsOnlyItsAgentsShareOfADigest() async throws {
        try await withApp { keys, client in
            let (_, cro) = try await Self.post(client, "/v1/actions", key: keys.admin, #"{"type":"create_internal_note","agent":"CRO","account":"a1"}"#)
            let (_, cmo) = try await Self.post(client, "/v1/actions", key: keys.admin, #"{"type":"create_internal_note","agent":"CMO","account":"a1"}"#)
            let croID = try #require(cro["id"]?.stringValue), cmoID = try #require(cmo["id"]?.stringValue)
            let day = try #require(cro["createdAt"]?.stringValue?.prefix(10)).description
            func listed(_ digest: JSONValue) -> Set<String> {
                guard case .array(let items)? = digest["awaiting"] else { return [] }
                return Set(items.compactMap { $0["actionID"]?.stringValue })
            }
            let (status, bound, _) = try await Self.get(client, "/v1/digests?account=a1&date=\(day)", key: keys.cro)
            #expect(status == .ok && listed(bound) == [croID] && bound["totals"]?["awaiting"] == 1)
            let (_, _, markdown) = try await Self.get(client, "/v1/digests?account=a1&date=\(day)&format=markdown", key: keys.cro)
            #expect(!markdown.contains(cmoID) && !markdown.contains("CMO"))
            #expect(listed(try await Self.get(client, "/v1/digests?account=a1&date=\(day)", key: keys.admin).1) == [croID, cmoID])
        }
    }

    @Test func aBoundKeyReadsOnlyItsAgentsIncidents() async throws {
        try await withApp { keys, client in
            let byAgent = try await Self.openIncidents(["CRO", "CMO"], keys, client)
            let croID = try #require(byAgent["CRO"]), cmoID = try #require(byAgent["CMO"])

            #expect(Self.ids(try await Self.get(client, "/v1/incidents", key: keys.cro).1, "incidents") == [croID])
            #expect(Self.ids(try await Self.get(client, "/v1/incidents?status=active", key: keys.cro).1, "incidents") == [croID])
            let (filtered, problem, _) = try await Self.get(client, "/v1/incidents?agent=CMO", key: keys.cro)
            #expect(filtered == .forbidden && Self.firstField(problem) == "agent")
            #expect(try await Self.get(client, "/v1/incidents/\(croID)", key: keys.cro).0 == .ok)
            let (other, _, otherText) = try await Self.get(client, "/v1/incidents/\(cmoID)", key: keys.cro)
            let (absent, _, absentText) = try await Self.get(client, "/v1/incidents/inc_nothing", key: keys.cro)
            #expect(other == .notFound && absent == .notFound)
            #expect(otherText.replacingOccurrences(of: cmoID, with: "inc_nothing") == absentText)

            // Nor another agent's state, last signal or lineage (QA r4 authz M1, L1).
            #expect(try await Self.get(client, "/v1/agents/CMO", key: keys.cro).0 == .forbidden)
            #expect(try await Self.get(client, "/v1/agents/CRO", key: keys.cro).0 == .ok)
            guard case .array(let listed)? = try await Self.get(client, "/v1/agents", key: keys.cro).1["agents"] else {
                Issue.record("no agents listed")
                return
            }
            #expect(listed.compactMap { $0["name"]?.stringValue } == ["CRO"])
            #expect(try await Self.get(client, "/v1/lineage?agent=CMO", key: keys.cro).0 == .forbidden)
        }
    }
}
