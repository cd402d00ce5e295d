import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import StewardApp
import StewardCore
import StewardEngine
@testable import StewardServer
import StewardSQLite
import StewardTestSupport
import Testing

/// `POST /v1/signals` refusals that say what to change: a batch one agent's burst cannot hold,
/// a rate limit naming the agent, the API's one naming rule, and the age of `ts`.
@Suite("Signal route")
struct SignalRouteTests {
    struct Fixture {
        let agent: String
        let clock: TestClock
        let router: Router<StewardRequestContext>
    }

    func withRouter(_ body: (Fixture) async throws -> Void) async throws {
        var keyed = try await KeyedStore.make(prefix: "steward-signals", seed: 5)
        defer { keyed.remove() }
        let (store, clock, tenancy) = (keyed.store, keyed.clock, keyed.tenancy)
        let agent = try await keyed.key(.agent, name: "g")
        let router = try apiRouter(store: store, tenancy: tenancy, clock: clock, maxBodyBytes: 1_048_576)
        try await body(Fixture(agent: agent.token, clock: clock, router: router))
    }

    static func signal(_ agent: String, ts: Timestamp) -> String {
        #"{"agent":""# + agent + #"","status":"healthy","metrics":{"successRate":1,"alignment":1,"backlogAgeMinutes":0},"ts":""# + ts.rfc3339 + #""}"#
    }

    func post(_ client: some TestClientProtocol, _ body: String, key: String) async throws -> (HTTPResponse.Status, JSONValue, HTTPFields) {
        let headers: HTTPFields = [.authorization: "Bearer \(key)", .contentType: "application/json"]
        let response = try await client.execute(uri: "/v1/signals", method: .post, headers: headers, body: ByteBuffer(string: body))
        return (response.status, (try? JSONReader.parse(String(buffer: response.body))) ?? .null, response.headers)
    }

    func firstError(_ problem: JSONValue) -> JSONValue? {
        if case .array(let items)? = problem["errors"] { return items.first }
        return nil
    }

    /// Names may hold `@` and `:`, which clients percent-encode in a path: the route decodes them.
    @Test func aPercentEncodedAgentNameInThePathIsTheAgent() async throws {
        try await withRouter { f in
            let (key, now) = (f.agent, f.clock.now())
            try await Application(router: f.router).test(.router) { client in
                #expect(try await post(client, Self.signal("Sales@Pipeline:eu.west_1", ts: now), key: key).0 == .accepted)
                let headers: HTTPFields = [.authorization: "Bearer \(key)"]
                let encoded = try await client.execute(uri: "/v1/agents/Sales%40Pipeline%3Aeu.west_1", method: .get, headers: headers)
                #expect(encoded.status == .ok)
                #expect((try? JSONReader.parse(String(buffer: encoded.body)))?["name"] == "Sales@Pipeline:eu.west_1")
                let bad = try await client.execute(uri: "/v1/agents/Sales%4", method: .get, headers: headers)
                #expect(bad.status == .badRequest)
            }
        }
    }

    @Test func aBatchOneAgentsBurstCannotHoldIs422NamingTheAgentAndTheLimit() async throws {
        try await withRouter { f in
            let (key, clock) = (f.agent, f.clock)
            try await Application(router: f.router).test(.router) { client in
                let now = clock.now()
                let batch = "[" + (0..<150).map { _ in Self.signal("RateBot", ts: now) }.joined(separator: ",") + "]"
                let (status, problem, _) = try await post(client, batch, key: key)
                #expect(status == .unprocessableContent)
                let reason = firstError(problem)?["reason"]?.stringValue ?? ""
                #expect(firstError(problem)?["field"] == "[0].agent")
                #expect(reason.contains("RateBot") && reason.contains("at most 100"), "\(problem)")
                // Within the burst it passes; the next one is 429, naming the agent.
                let full = "[" + (0..<100).map { _ in Self.signal("RateBot", ts: now) }.joined(separator: ",") + "]"
                #expect(try await post(client, full, key: key).0 == .accepted)
                let (limited, detail, headers) = try await post(client, "[" + Self.signal("Other", ts: now) + "," + Self.signal("RateBot", ts: now) + "]", key: key)
                #expect(limited == .tooManyRequests && headers[.retryAfter] != nil)
                #expect(detail["detail"]?.stringValue?.contains("agent 'RateBot'") == true, "\(detail)")
            }
        }
    }

    @Test func anAgentNameTheRestOfTheAPIRefusesIsRefusedHere() async throws {
        try await withRouter { f in
            let (key, clock) = (f.agent, f.clock)
            try await Application(router: f.router).test(.router) { client in
                // Spaces and slashes; and names that are not a letter or digit first (`..` would be a
                // path segment no route can name; steward.yaml could not declare any of them).
                for name in ["a b/c", "..", ".hidden", "_x", "@bot", ":a", "-a"] {
                    let (status, problem, _) = try await post(client, Self.signal(name, ts: clock.now()), key: key)
                    #expect(status == .unprocessableContent && firstError(problem)?["field"] == "agent", "\(name)")
                    #expect(firstError(problem)?["reason"]?.stringValue == APIName.rule, "\(name)")
                }
                #expect(try await post(client, Self.signal("team.bot_1:eu@2", ts: clock.now()), key: key).0 == .accepted)
            }
        }
    }

    @Test func aSignalOlderThanMaxAgeIsRefusedNamingTsAndTheLimit() async throws {
        try await withRouter { f in
            let (key, clock) = (f.agent, f.clock)
            try await Application(router: f.router).test(.router) { client in
                let old = clock.now().adding(seconds: -600)
                let (status, problem, _) = try await post(client, Self.signal("OldTimer", ts: old), key: key)
                #expect(status == .unprocessableContent && firstError(problem)?["field"] == "ts")
                #expect(firstError(problem)?["reason"]?.stringValue?.contains("300 s") == true)
                let recent = clock.now().adding(seconds: -60)
                #expect(try await post(client, Self.signal("OldTimer", ts: recent), key: key).0 == .accepted)
            }
        }
    }
}
