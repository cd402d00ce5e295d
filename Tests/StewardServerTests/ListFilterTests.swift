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

/// The list routes' filters (QA F10, F12): declared agents listed before their first signal, a
/// "not resolved" incident filter, a 422 for a filter that can only match nothing, and silences
/// that stay listed once ended, with a bounded expiry.
@Suite("List filters")
struct ListFilterTests {
    struct Answer {
        let status: HTTPResponse.Status
        let body: JSONValue

        /// The fields the problem document names, in order.
        var fields: [String] {
            guard case .array(let items)? = body["errors"] else { return [] }
            return items.compactMap { $0["field"]?.stringValue }
        }

        /// The reason given for `field`.
        func reason(_ field: String) -> String? {
            guard case .array(let items)? = body["errors"] else { return nil }
            return items.first { $0["field"]?.stringValue == field }?["reason"]?.stringValue
        }
    }

    func withClient(_ body: @Sendable (TestClock, any TestClientProtocol) async throws -> Void) async throws {
        let dir = try TemporaryDirectory(prefix: "steward-filters")
        defer { dir.remove() }
        let store = try SQLiteStore(path: dir.file("s.sqlite"))
        let clock = TestClock()
        var configuration = StewardConfiguration.default
        configuration.agents = [AgentSpec(name: "CEO", domain: .revenue, slots: 2), AgentSpec(name: "CMO", domain: .marketing)]
        // The API router with the telemetry side too (alerts, silences, executions, routing, experiments).
        StewardMetrics.bootstrap()
        let logger = Logger(label: "test")
        let readiness = Readiness()
        readiness.markReady()
        let spine = try SpineAssembly(store: store, configuration: configuration, revision: "rev", clock: clock, logger: logger, client: nil)
        let healing = try HealingAssembly(store: store, spine: spine.spine, configuration: configuration, revision: "rev", clock: clock, logger: logger)
        let alerts = Alerts(spine: spine.spine, logger: logger)
        let telemetry = Telemetry(store: store, settings: configuration.telemetry, revision: "rev", clock: clock, logger: logger, alerts: alerts)
        let routing = Routing(store: store, settings: configuration.telemetry.routing, spine: spine.spine, clock: clock, revision: "rev", logger: logger)
        let experiments = Experiments(store: store, routing: routing, spine: spine.spine, clock: clock, revision: "rev", logger: logger)
        let router = StewardRouter.build(
            store: store, clock: clock, configRevision: "rev", readiness: readiness,
            auth: .disabled(as: Principal(tenant: "default", role: .admin, keyID: "no-auth", name: "no-auth")), maxBodyBytes: 65_536,
            registry: StewardMetrics.registry, spine: spine, healing: healing, telemetry: telemetry, alerts: alerts, routing: routing,
            experiments: experiments)
        try await Application(router: router).test(.router) { client in try await body(clock, client) }
    }

    func call(_ client: some TestClientProtocol, _ method: HTTPRequest.Method, _ uri: String, _ json: String? = nil) async throws -> Answer {
        let headers: HTTPFields = json == nil ? [:] : [.contentType: "application/json"]
        let response = try await client.execute(uri: uri, method: method, headers: headers, body: json.map { ByteBuffer(string: $0) })
        return Answer(status: response.status, body: (try? JSONReader.parse(String(buffer: response.body))) ?? .null)
    }

    @Test func declaredAgentsAreListedAndAnsweredBeforeTheirFirstSignal() async throws {
        try await withClient { _, client in
            let list = try await call(client, .get, "/v1/agents")
            guard case .array(let agents)? = list.body["agents"] else { Issue.record("no agents: \(list.body)"); return }
            #expect(agents.map { $0["name"]?.stringValue } == ["CEO", "CMO"])
            #expect(agents.allSatisfy { $0["state"] == "Unknown" && $0["lastSeenAt"] == nil && $0["signals"] == 0 })
            let ceo = try await call(client, .get, "/v1/agents/CEO")
            #expect(ceo.status == .ok && ceo.body["state"] == "Unknown" && ceo.body["slots"] == 2)
            #expect(try await call(client, .get, "/v1/agents/Nobody").status == .notFound)
            let unknown = try await call(client, .get, "/v1/agents?state=Unknown&limit=1")
            #expect(unknown.body["nextCursor"] == "CEO")
            let healthy = try await call(client, .get, "/v1/agents?state=Healthy")
            #expect(healthy.body["agents"] == .array([]))
        }
    }

    @Test func aFilterThatCanOnlyMatchNothingIsRefusedNamingTheField() async throws {
        try await withClient { _, client in
            let rule = try await call(client, .get, "/v1/alerts?rule=nope")
            #expect(rule.status == .unprocessableContent && rule.fields == ["rule"])
            #expect(rule.reason("rule")?.contains("success-rate") == true)
            #expect(try await call(client, .get, "/v1/alerts?rule=success-rate").status == .ok)
            let lineage = try await call(client, .get, "/v1/lineage?agent=a%20b&incident=")
            #expect(lineage.status == .unprocessableContent && lineage.fields == ["agent", "incident"])
            #expect(lineage.reason("agent") == APIName.rule)
            for uri in ["/v1/incidents?agent=", "/v1/executions?skill=", "/v1/anomalies?skill=", "/v1/experiments?skill=", "/v1/routing/proposals?skill=", "/v1/insights/latency-by-hour?skill="] {
                let answer = try await call(client, .get, uri)
                #expect(answer.status == .unprocessableContent && answer.fields.count == 1, "\(uri)")
                #expect(answer.reason(answer.fields.first ?? "")?.contains("is empty") == true, "\(uri)")
            }
        }
    }

    @Test func activeIncidentsAreEveryOneNotResolved() async throws {
        try await withClient { _, client in
            #expect(try await call(client, .get, "/v1/incidents?status=active").status == .ok)
            let bad = try await call(client, .get, "/v1/incidents?status=closed")
            #expect(bad.status == .unprocessableContent && bad.reason("status")?.contains("active") == true)
        }
    }

    @Test func anEndedSilenceStaysListedAndCannotEndTwice() async throws {
        try await withClient { clock, client in
            let now = clock.now()
            let far = now.adding(milliseconds: 100 * 365 * 86_400_000).rfc3339
            let tooLong = try await call(client, .post, "/v1/silences", #"{"matcher":{"rule":"success-rate"},"reason":"x","expiresAt":"\#(far)"}"#)
            #expect(tooLong.status == .unprocessableContent && tooLong.fields == ["expiresAt"])
            #expect(tooLong.reason("expiresAt")?.contains("90 days") == true)
            #expect(try await call(client, .get, "/v1/silences").body["silences"] == .array([]))

            let soon = now.adding(milliseconds: 3_600_000).rfc3339
            let created = try await call(client, .post, "/v1/silences", #"{"matcher":{"rule":"success-rate"},"reason":"x","expiresAt":"\#(soon)"}"#)
            let id = try #require(created.body["id"]?.stringValue)
            #expect(try await call(client, .delete, "/v1/silences/\(id)").status == .noContent)
            let listed = try await call(client, .get, "/v1/silences")
            guard case .array(let silences)? = listed.body["silences"], let ended = silences.first else { Issue.record("not listed: \(listed.body)"); return }
            #expect(ended["active"] == false && ended["endedBy"] != nil && ended["endedAt"] == .string(now.rfc3339))
            #expect(try await call(client, .get, "/v1/silences?active=true").body["silences"] == .array([]))
            #expect(try await call(client, .get, "/v1/silences?active=false").body["silences"] == .array(silences))
            #expect(try await call(client, .get, "/v1/silences?active=").status == .unprocessableContent)

            let again = try await call(client, .delete, "/v1/silences/\(id)")
            #expect(again.status == .conflict && again.body["detail"]?.stringValue?.contains("already ended") == true)
            #expect(try await call(client, .delete, "/v1/silences/sil_0000000000000000").status == .notFound)
        }
    }
}
