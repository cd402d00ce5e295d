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

/// How the API refuses what it cannot take (QA F20, F25, F27): every offending field named in
/// one 422, a 401 naming its scheme, a body of the wrong media type, a member sent twice, an
/// undeclared agent when auto-registration is off, a future digest, a cursor past the ledger.
@Suite("Request refusals")
struct RequestRefusalTests {
    struct Keys {
        let admin: String
        let agent: String
    }

    /// The app over a temporary SQLite file, with auto-registration off and `CRO` declared.
    func withApp(_ body: @Sendable (Keys, any TestClientProtocol) async throws -> Void) async throws {
        let dir = try TemporaryDirectory(prefix: "steward-refusals")
        defer { dir.remove() }
        let store = RingingStore(try SQLiteStore(path: dir.file("s.sqlite")), bell: LedgerBell())
        let clock = TestClock()
        var configuration = StewardConfiguration.default
        configuration.remediation.signals.autoRegister = false
        configuration.agents = [AgentSpec(name: "CRO", domain: .revenue)]
        let tenancy = Tenancy(store: store, clock: clock, configRevision: "rev")
        var generator = SeededGenerator(seed: 19)
        let tenant = TenantSpec.default.id
        try await tenancy.ensureTenant(tenant, name: "Default", actor: "test")
        let admin = try await tenancy.issueKey(tenant: tenant, role: .admin, name: "ops", actor: "test", using: &generator)
        let agent = try await tenancy.issueKey(tenant: tenant, role: .agent, name: "CRO agent", actor: "test", using: &generator)
        let readiness = Readiness()
        readiness.markReady()
        StewardMetrics.bootstrap()
        let logger = Logger(label: "test")
        let spine = try SpineAssembly(store: store, configuration: configuration, revision: "rev", clock: clock, logger: logger, client: nil)
        let healing = try HealingAssembly(store: store, spine: spine.spine, configuration: configuration, revision: "rev", clock: clock, logger: logger)
        let auth = AuthMiddleware.Mode.keys(KeyDirectory(tenancy: tenancy, clock: clock))
        let center = try ControlCenter(
            store: store, bell: store.bell, clock: clock, auth: auth, spine: spine.spine, remediator: healing.remediator, governance: nil)
        let router = StewardRouter.build(
            store: store, clock: clock, configRevision: "rev", readiness: readiness, auth: auth, maxBodyBytes: 65_536,
            registry: StewardMetrics.registry, spine: spine, healing: healing, controlCenter: center)
        try await Application(router: router).test(.router) { client in try await body(Keys(admin: admin.token, agent: agent.token), client) }
    }

    struct Answer {
        let status: HTTPResponse.Status
        let headers: HTTPFields
        let body: JSONValue

        /// The fields the problem document names, in order.
        var fields: [String] {
            guard case .array(let errors)? = body["errors"] else { return [] }
            return errors.compactMap { $0["field"]?.stringValue }
        }

        /// Why each named field was refused, in order.
        var reasons: [String] {
            guard case .array(let errors)? = body["errors"] else { return [] }
            return errors.compactMap { $0["reason"]?.stringValue }
        }
    }

    static func send(
        _ client: any TestClientProtocol, _ method: HTTPRequest.Method, _ uri: String, key: String?, _ json: String? = nil,
        contentType: String = "application/json"
    ) async throws -> Answer {
        var headers: HTTPFields = [:]
        if let key { headers[.authorization] = "Bearer \(key)" }
        if json != nil { headers[.contentType] = contentType }
        let response = try await client.execute(uri: uri, method: method, headers: headers, body: json.map { ByteBuffer(string: $0) })
        let bytes = Array(response.body.readableBytesView)
        return Answer(status: response.status, headers: response.headers, body: bytes.isEmpty ? .null : try JSONReader.parse(bytes))
    }

    @Test func aMissingOrWrongKeyNamesTheBearerScheme() async throws {
        try await withApp { _, client in
            for key in [nil, "nonsense"] as [String?] {
                let answer = try await Self.send(client, .get, "/v1/actions", key: key)
                #expect(answer.status == .unauthorized)
                #expect(answer.headers[.wwwAuthenticate] == "Bearer")
            }
        }
    }

    @Test func aBodyOfAnotherMediaTypeIs415NamingJSON() async throws {
        try await withApp { keys, client in
            let proposal = #"{"type":"create_internal_note","agent":"CRO","account":"acme"}"#
            for type in ["text/plain", "application/x-www-form-urlencoded", "application/x-ndjson"] {
                let refused = try await Self.send(client, .post, "/v1/actions", key: keys.agent, proposal, contentType: type)
                #expect(refused.status == .unsupportedMediaType)
                #expect(refused.fields == ["Content-Type"])
                #expect(refused.body["detail"]?.stringValue?.contains("application/json") == true)
            }
            let kept = try await Self.send(client, .post, "/v1/actions", key: keys.agent, proposal, contentType: "application/json; charset=utf-8")
            #expect(kept.status == .created)
        }
    }

    @Test func aMemberSentTwiceIsRefusedByName() async throws {
        try await withApp { keys, client in
            let twice = try await Self.send(
                client, .post, "/v1/actions", key: keys.agent, #"{"type":"create_internal_note","agent":"Content","agent":"CRO","account":"acme"}"#)
            #expect(twice.status == .badRequest && twice.fields == ["agent"])
            let nested = try await Self.send(
                client, .post, "/v1/actions", key: keys.agent, #"{"type":"create_internal_note","agent":"CRO","params":{"x":1,"x":2}}"#)
            #expect(nested.status == .badRequest && nested.fields == ["params.x"])
            let listed = try await Self.send(client, .get, "/v1/actions", key: keys.agent)
            #expect(listed.body["actions"] == .array([]))
        }
    }

    @Test func anAccountAutonomyChangeNamesEveryBadField() async throws {
        try await withApp { keys, client in
            let answer = try await Self.send(
                client, .put, "/v1/accounts/acme/autonomy", key: keys.admin, #"{"dailyActions":-1,"mode":"x","scheduledOptIn":"yes","foo":1}"#)
            #expect(answer.status == .unprocessableContent)
            #expect(Set(answer.fields) == ["dailyActions", "mode", "scheduledOptIn", "foo"])
            // A lookalike in the path is named as the path parameter, as a control character is (QA r4 fuzz L7).
            for method in [HTTPRequest.Method.get, .put] {
                let lookalike = try await Self.send(client, method, "/v1/accounts/%D0%B0cme/autonomy", key: keys.admin, "{}")
                #expect(lookalike.status == .unprocessableContent && lookalike.fields == ["id"], "\(method)")
            }
        }
    }

    @Test func anEvaluationNamesEveryCandidatesMissingType() async throws {
        try await withApp { keys, client in
            let answer = try await Self.send(
                client, .post, "/v1/decisions/evaluate", key: keys.agent, #"{"candidates":[{"type":"x","agent":"CRO"},{"agent":"CRO"},3]}"#)
            #expect(answer.status == .unprocessableContent)
            #expect(answer.fields == ["candidates[0].type", "candidates[1].type", "candidates[2]"])
        }
    }

    @Test func anAnnotationNamesAWrongLabelAndAnEmptySubjectIn422() async throws {
        try await withApp { keys, client in
            let answer = try await Self.send(client, .post, "/v1/annotations", key: keys.agent, #"{"text":"x","subject":"","labels":{"a":1,"b":"ok"}}"#)
            #expect(answer.status == .unprocessableContent)
            #expect(answer.fields == ["subject", "labels.a"])
            let missing = try await Self.send(client, .post, "/v1/annotations", key: keys.agent, #"{"labels":{}}"#)
            #expect(missing.status == .unprocessableContent && missing.fields == ["text"])
            let kept = try await Self.send(client, .post, "/v1/annotations", key: keys.agent, #"{"text":"deployed CRO v2","labels":{"team":"rev"}}"#)
            #expect(kept.status == .created && kept.body["subject"] == "tenant:default")
        }
    }

    /// A NUL in a subject or a path would be stored cut short, and the chain would then read as
    /// tampered: such text is refused, and the chain stays intact.
    @Test func controlCharactersInSubjectsAndPathsAreRefused() async throws {
        try await withApp { keys, client in
            let nul = try await Self.send(client, .post, "/v1/annotations", key: keys.agent, #"{"text":"x","subject":"agent:CRO\u0000evil"}"#)
            #expect(nul.status == .unprocessableContent && nul.fields == ["subject"])
            let bidi = try await Self.send(client, .post, "/v1/annotations", key: keys.agent, #"{"text":"x","subject":"agent:\u202eORC"}"#)
            #expect(bidi.status == .unprocessableContent && bidi.fields == ["subject"])
            let formula = try await Self.send(client, .post, "/v1/annotations", key: keys.agent, #"{"text":"x","subject":"=HYPERLINK(\"http://x\")"}"#)
            #expect(formula.status == .unprocessableContent && formula.fields == ["subject"])
            let path = try await Self.send(client, .get, "/v1/agents/CRO%00junk", key: keys.admin)
            #expect(path.status == .badRequest && path.fields == ["name"], "\(path.status) \(path.fields)")
            let verified = try await Self.send(client, .get, "/v1/ledger/verify", key: keys.admin)
            #expect(verified.status == .ok && verified.body["fault"] == nil, "\(verified.body)")
        }
    }

    @Test func anUndeclaredAgentCannotProposeWhenAutoRegistrationIsOff() async throws {
        try await withApp { keys, client in
            let ghost = try await Self.send(client, .post, "/v1/actions", key: keys.agent, #"{"type":"create_internal_note","agent":"Ghost","account":"acme"}"#)
            #expect(ghost.status == .unprocessableContent && ghost.fields == ["agent"])
            #expect(ghost.reasons.first?.contains("autoRegister") == true)
            let declared = try await Self.send(client, .post, "/v1/actions", key: keys.agent, #"{"type":"create_internal_note","agent":"CRO","account":"acme"}"#)
            #expect(declared.status == .created)
        }
    }

    @Test func aDigestForADayNotBegunIs422() async throws {
        try await withApp { keys, client in
            let future = try await Self.send(client, .get, "/v1/digests?account=acme&date=2999-01-01", key: keys.agent)
            #expect(future.status == .unprocessableContent && future.fields == ["date"])
            let past = try await Self.send(client, .get, "/v1/digests?account=acme&date=2020-01-01", key: keys.agent)
            #expect(past.status == .ok)
        }
    }

    @Test func anEventCursorPastTheLedgerHeadIs422() async throws {
        try await withApp { keys, client in
            let after = try await Self.send(client, .get, "/v1/events?after=999999", key: keys.admin)
            #expect(after.status == .unprocessableContent && after.fields == ["after"])
            let response = try await client.execute(
                uri: "/v1/events", method: .get, headers: [.authorization: "Bearer \(keys.admin)", .lastEventID: "999999"])
            #expect(response.status == .unprocessableContent)
        }
    }
}
