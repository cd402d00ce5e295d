import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import StewardApp
import StewardCore
import StewardEngine
import StewardServer
import StewardSQLite
import StewardTestSupport

/// The Control Center with governance running, over a real SQLite store and a chosen
/// configuration, with an admin (ada), two operators (otto, olga), an agent key and an auditor (audrey).
struct PagesFixture: Sendable {
    let store: any Store
    let clock: TestClock
    let admin: String
    let operatorKey: String
    let secondOperator: String
    let agent: String
    let auditor: String
    let spine: ActionSpine
    let governance: Governance
    /// The SQLite file under the store, for tests that tamper with it as an intruder would.
    let databasePath: String

    static func run(
        _ configuration: StewardConfiguration = .default, _ body: @Sendable (PagesFixture, any TestClientProtocol) async throws -> Void
    ) async throws {
        try await withRouter(configuration) { fixture, router in
            try await Application(router: router).test(.router) { client in try await body(fixture, client) }
        }
    }

    /// The fixture and the API and pages' router, for tests that drive the router themselves;
    /// `governed: false` runs the pages without governance (no breakers, no levels).
    static func withRouter(
        _ configuration: StewardConfiguration = .default, governed: Bool = true,
        _ body: (PagesFixture, Router<StewardRequestContext>) async throws -> Void
    ) async throws {
        let dir = try TemporaryDirectory(prefix: "steward-pages")
        defer { dir.remove() }
        let databasePath = dir.file("s.sqlite")
        let store = RingingStore(try SQLiteStore(path: databasePath), bell: LedgerBell())
        let clock = TestClock()
        let tenancy = Tenancy(store: store, clock: clock, configRevision: "rev")
        var generator = SeededGenerator(seed: 11)
        try await tenancy.ensureTenant("default", name: "Default", actor: "test")
        let admin = try await tenancy.issueKey(tenant: "default", role: .admin, name: "ada", actor: "test", using: &generator)
        let otto = try await tenancy.issueKey(tenant: "default", role: .operator, name: "otto", actor: "test", using: &generator)
        let olga = try await tenancy.issueKey(tenant: "default", role: .operator, name: "olga", actor: "test", using: &generator)
        let agent = try await tenancy.issueKey(tenant: "default", role: .agent, name: "bot", actor: "test", using: &generator)
        let audrey = try await tenancy.issueKey(tenant: "default", role: .auditor, name: "audrey", actor: "test", using: &generator)
        let readiness = Readiness()
        readiness.markReady()
        StewardMetrics.bootstrap()
        let logger = Logger(label: "test")
        let spine = try SpineAssembly(store: store, configuration: configuration, revision: "rev", clock: clock, logger: logger, client: nil)
        let healing = try HealingAssembly(store: store, spine: spine.spine, configuration: configuration, revision: "rev", clock: clock, logger: logger)
        let governance = try GovernanceAssembly(
            store: store, spine: spine.spine, remediator: healing.remediator, configuration: configuration, revision: "rev", clock: clock, logger: logger)
        let auth = AuthMiddleware.Mode.keys(KeyDirectory(tenancy: tenancy, clock: clock))
        // The telemetry side too (executions, skills, alerts, routing, experiments), as the app serves it.
        let alerts = Alerts(spine: spine.spine, logger: logger)
        let telemetry = Telemetry(store: store, settings: configuration.telemetry, revision: "rev", clock: clock, logger: logger, alerts: alerts)
        let center = try ControlCenter(
            store: store, bell: store.bell, clock: clock, auth: auth, spine: spine.spine, remediator: healing.remediator,
            governance: governed ? governance.governance : nil, telemetry: telemetry, alerts: alerts)
        let routing = Routing(store: store, settings: configuration.telemetry.routing, spine: spine.spine, clock: clock, revision: "rev", logger: logger)
        let experiments = Experiments(store: store, routing: routing, spine: spine.spine, clock: clock, revision: "rev", logger: logger)
        let router = StewardRouter.build(
            store: store, clock: clock, configRevision: "rev", readiness: readiness, auth: auth, maxBodyBytes: 65536,
            registry: StewardMetrics.registry, spine: spine, healing: healing, governance: governed ? governance : nil, controlCenter: center,
            telemetry: telemetry, alerts: alerts, routing: routing, experiments: experiments)
        let fixture = PagesFixture(
            store: store, clock: clock, admin: admin.token, operatorKey: otto.token, secondOperator: olga.token, agent: agent.token, auditor: audrey.token,
            spine: spine.spine, governance: governance.governance, databasePath: databasePath)
        try await body(fixture, router)
    }

    /// A proposal from the agent CRO; `id` fixes its place in the store's id order.
    func propose(
        _ type: String, id: String? = nil, account: String = "acme", params: JSONValue = ["to": "cfo@acme.example", "subject": "Renewal"]
    ) async throws -> ActionRecord {
        let proposal = ActionProposal(
            id: id ?? spine.makeID(), tenant: "default", agent: "CRO", account: account, type: type, params: params, trigger: .agent,
            impactPoints: nil, affectedAccounts: 1)
        return try await spine.propose(proposal, actor: "key:bot")
    }
}

/// A signed-in browser: its cookie and the CSRF token its forms carry.
struct SignedIn: Sendable {
    let cookie: String
    let csrf: String

    static func of(_ client: any TestClientProtocol, key: String) async throws -> SignedIn {
        let (cookie, csrf) = try await ControlCenterTests.signIn(client, key: key)
        return SignedIn(cookie: cookie, csrf: csrf)
    }

    func get(_ client: any TestClientProtocol, _ path: String) async throws -> (status: HTTPResponse.Status, html: String) {
        let response = try await client.execute(uri: path, method: .get, headers: [.cookie: cookie])
        return (response.status, String(buffer: response.body))
    }

    /// Posts a form (the CSRF token added); the response as it came, redirect and cookies included.
    func post(_ client: any TestClientProtocol, _ path: String, _ body: String) async throws -> TestResponse {
        var headers = ControlCenterTests.form
        headers[.cookie] = cookie
        return try await client.execute(uri: path, method: .post, headers: headers, body: ByteBuffer(string: body + "&csrf=\(csrf)"))
    }

    /// The page a form's redirect leads to, with the message the redirect set.
    func follow(_ client: any TestClientProtocol, _ response: TestResponse) async throws -> String {
        // A browser keeps the fragment (`#action-…`) to itself.
        let path = (response.headers[.location] ?? "/ui/fleet").split(separator: "#", maxSplits: 1).first.map(String.init) ?? "/ui/fleet"
        var cookies = cookie
        if let flash = response.headers[.setCookie].map({ String($0.split(separator: ";")[0]) }), flash.hasPrefix("steward_flash=") {
            cookies += "; " + flash
        }
        return String(buffer: try await client.execute(uri: path, method: .get, headers: [.cookie: cookies]).body)
    }
}
