import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import StewardApp
import Testing
import StewardCore
import StewardEngine
@testable import StewardServer
import StewardSQLite
import StewardTestSupport

/// QA ops F8: `PUT /v1/autonomy`, `POST /v1/governance/drills` and `POST /v1/kill-switch` named
/// only the first offending field. Each now names every one in a single 422, and changes nothing.
@Suite("Autonomy and governance refusals")
struct AutonomyRouteTests {
    func withApp(_ body: @Sendable (String, any TestClientProtocol) async throws -> Void) async throws {
        var keyed = try await KeyedStore.make(prefix: "steward-autonomy-routes", seed: 11)
        defer { keyed.remove() }
        let (store, clock, tenancy) = (keyed.store, keyed.clock, keyed.tenancy)
        let admin = try await keyed.key(.admin, name: "ops")
        // apiRouter with governance wired, for the drill and level routes.
        StewardMetrics.bootstrap()
        let logger = Logger(label: "test"), configuration = StewardConfiguration.default
        let spine = try SpineAssembly(store: store, configuration: configuration, revision: "rev", clock: clock, logger: logger, client: nil)
        let healing = try HealingAssembly(store: store, spine: spine.spine, configuration: configuration, revision: "rev", clock: clock, logger: logger)
        let governance = try GovernanceAssembly(
            store: store, spine: spine.spine, remediator: nil, configuration: configuration, revision: "rev", clock: clock, logger: logger)
        let ready = Readiness()
        ready.markReady()
        let router = StewardRouter.build(
            store: store, clock: clock, configRevision: "rev", readiness: ready, auth: .keys(KeyDirectory(tenancy: tenancy, clock: clock)),
            maxBodyBytes: 65_536, registry: StewardMetrics.registry, spine: spine, healing: healing, governance: governance)
        try await Application(router: router).test(.router) { client in try await body(admin.token, client) }
    }

    static func send(
        _ client: any TestClientProtocol, _ method: HTTPRequest.Method, _ uri: String, key: String, _ json: String? = nil
    ) async throws -> (HTTPResponse.Status, JSONValue) {
        let response = try await client.execute(
            uri: uri, method: method, headers: [.authorization: "Bearer \(key)", .contentType: "application/json"],
            body: json.map { ByteBuffer(string: $0) })
        return (response.status, try JSONReader.parse(Array(response.body.readableBytesView)))
    }

    static func fields(_ problem: JSONValue) -> [String] {
        guard case .array(let errors)? = problem["errors"] else { return [] }
        return errors.compactMap { $0["field"]?.stringValue }
    }

    @Test(arguments: [
        (#"{"mode":"turbo","autopilotScope":["x"],"accountDailyActions":-1}"#, ["mode", "autopilotScope[0]", "accountDailyActions"]),
        (#"{"autopilotScope":["create_internal_note","send_email"],"accountDailyActions":-1}"#, ["autopilotScope[1]", "accountDailyActions"]),
        (#"{"level":"L4+","autopilotScope":["modify_pricing"],"x":1}"#, ["level", "autopilotScope[0]", "x"]),
        (#"{"dailyBudgetUsd":-0.5,"accountDailyActions":"5"}"#, ["accountDailyActions", "dailyBudgetUsd"]),
        (#"{"dailyBudgetUsd":"10"}"#, ["dailyBudgetUsd"]),
        (#"{"autopilotScope":["create_internal_note",5]}"#, ["autopilotScope[1]"]),
        (#"{"dailyBudgetUsd":1e12}"#, ["dailyBudgetUsd"]),
    ])
    func anAutonomyChangeNamesEveryOffendingField(body: String, expected: [String]) async throws {
        try await withApp { admin, client in
            let (_, before) = try await Self.send(client, .get, "/v1/autonomy", key: admin)
            let (status, problem) = try await Self.send(client, .put, "/v1/autonomy", key: admin, body)
            #expect(status == .unprocessableContent)
            #expect(Self.fields(problem) == expected)
            #expect(problem["detail"] == "the autonomy change is invalid")
            let (_, after) = try await Self.send(client, .get, "/v1/autonomy", key: admin)
            #expect(after == before)
        }
    }

    @Test(arguments: [
        (#"{"kind":"fire","passed":true,"evidence":"x"}"#, ["kind", "evidence"]),
        (#"{"kind":"fire","passed":"yes","evidence":"x"}"#, ["passed", "kind", "evidence"]),
    ])
    func aDrillNamesEveryOffendingField(body: String, expected: [String]) async throws {
        try await withApp { admin, client in
            let (status, problem) = try await Self.send(client, .post, "/v1/governance/drills", key: admin, body)
            #expect(status == .unprocessableContent)
            #expect(Self.fields(problem) == expected)
        }
    }

    @Test func aKillSwitchChangeNamesEveryOffendingField() async throws {
        try await withApp { admin, client in
            let (status, problem) = try await Self.send(client, .post, "/v1/kill-switch", key: admin, #"{"engaged":"yes","reason":""}"#)
            #expect(status == .unprocessableContent)
            #expect(Self.fields(problem) == ["engaged", "reason"])
            let (_, missing) = try await Self.send(client, .post, "/v1/kill-switch", key: admin, #"{"reason":""}"#)
            #expect(Self.fields(missing) == ["engaged", "reason"])
            let (_, state) = try await Self.send(client, .get, "/v1/kill-switch", key: admin)
            #expect(state["engaged"] == .bool(false))
        }
    }

    /// QA ops F2: `GET /v1/autonomy` shows the level in force, as `GET /v1/governance/level` does.
    @Test func autonomyShowsTheLevelInForce() async throws {
        try await withApp { admin, client in
            let (_, autonomy) = try await Self.send(client, .get, "/v1/autonomy", key: admin)
            let (_, level) = try await Self.send(client, .get, "/v1/governance/level", key: admin)
            #expect(autonomy["level"] == "L3" && autonomy["levelSet"] == .bool(false) && level["level"] == "L3")
        }
    }

    /// The tenant's daily USD budget is a runtime change: set, shown with today's spending, and
    /// given back to the configuration with `null`.
    @Test func theDailyUsdBudgetChangesAtRuntime() async throws {
        try await withApp { admin, client in
            let (_, initial) = try await Self.send(client, .get, "/v1/autonomy", key: admin)
            #expect(initial["dailyBudgetUsd"]?.doubleValue == 25 && initial["dailyBudgetUsdSet"] == .bool(false))
            #expect(initial["budgetToday"]?["actions"]?["capUsd"]?.doubleValue == 25)
            #expect(initial["budgetToday"]?["remediation"]?["setting"] == "remediation.budgetCapDailyUsd")
            let (status, set) = try await Self.send(client, .put, "/v1/autonomy", key: admin, #"{"dailyBudgetUsd":7.5}"#)
            #expect(status == .ok)
            #expect(set["dailyBudgetUsd"] == .double(7.5) && set["dailyBudgetUsdSet"] == .bool(true))
            #expect(set["budgetToday"]?["actions"]?["remainingUsd"] == .double(7.5))
            let (_, reset) = try await Self.send(client, .put, "/v1/autonomy", key: admin, #"{"dailyBudgetUsd":null}"#)
            #expect(reset["dailyBudgetUsd"]?.doubleValue == 25 && reset["dailyBudgetUsdSet"] == .bool(false))
        }
    }
}
