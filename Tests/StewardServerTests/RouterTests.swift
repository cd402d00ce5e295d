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

/// The router over a real SQLite store, driven through Hummingbird's in-process test client.
@Suite("HTTP routes")
struct RouterTests {
    struct Fixture {
        let store: SQLiteStore
        let acmeAdmin: String
        let acmeAgent: String
        let globexAdmin: String
        let router: Router<StewardRequestContext>
    }

    func withRouter(_ body: (Fixture) async throws -> Void) async throws {
        var keyed = try await KeyedStore.make(prefix: "steward-router", seed: 11, tenants: ["acme", "globex"])
        defer { keyed.remove() }
        let (store, clock, tenancy) = (keyed.store, keyed.clock, keyed.tenancy)
        let acmeAdmin = try await keyed.key(.admin, name: "a")
        let acmeAgent = try await keyed.key(.agent, name: "g")
        let globexAdmin = try await keyed.key(.admin, name: "b", tenant: "globex")
        let router = try apiRouter(store: store, tenancy: tenancy, clock: clock, maxBodyBytes: 4096)
        try await body(Fixture(store: store, acmeAdmin: acmeAdmin.token, acmeAgent: acmeAgent.token, globexAdmin: globexAdmin.token, router: router))
    }

    static func bearer(_ token: String) -> HTTPFields { [.authorization: "Bearer \(token)", .contentType: "application/json"] }

    /// A documented endpoint asked with a method it does not take answers 405 with `Allow`; an
    /// unknown path stays 404; HEAD answers as GET.
    @Test func aWrongMethodOnAKnownEndpointIs405WithAllow() async throws {
        try await withRouter { f in
            let app = Application(router: f.router)
            let admin = f.acmeAdmin
            try await app.test(.router) { client in
                let wrong = try await client.execute(uri: "/v1/actions", method: .patch, headers: Self.bearer(admin))
                #expect(wrong.status == .methodNotAllowed)
                #expect(wrong.headers[.allow] == "GET, HEAD, POST")
                #expect(wrong.headers[.contentType] == "application/problem+json")
                let templated = try await client.execute(uri: "/v1/actions/act_1/approve", method: .get, headers: Self.bearer(admin))
                #expect(templated.status == .methodNotAllowed && templated.headers[.allow] == "POST")
                // Every documented path is known, wherever it stands in the document.
                let routes = DocumentedRoutes.shipped
                #expect(routes.methods(for: "/v1/quotas") == ["GET", "HEAD"] && routes.methods(for: "/v1/silences") == ["GET", "HEAD", "POST"])
                #expect(routes.methods(for: "/v1/signals") == ["POST"])
                // HEAD answers as GET, without the body.
                let head = try await client.execute(uri: "/v1/actions", method: .head, headers: Self.bearer(admin))
                #expect(head.status == .ok && head.body.readableBytes == 0)
                let documented = OpenAPIController.document.split(separator: "\n").filter { $0.hasPrefix("  /") }
                #expect(routes.routes.count == documented.count && routes.routes.allSatisfy { !$0.methods.isEmpty })
                let unknown = try await client.execute(uri: "/v1/nowhere", method: .patch, headers: Self.bearer(admin))
                #expect(unknown.status == .notFound)
            }
        }
    }

    @Test func aKeySeesOnlyItsOwnTenant() async throws {
        try await withRouter { f in
            let app = Application(router: f.router)
            let acmeAdmin = f.acmeAdmin
            let acmeAgent = f.acmeAgent
            let globexAdmin = f.globexAdmin
            try await app.test(.router) { client in
                let body = ByteBuffer(string: #"{"text":"acme secret","subject":"agent:CRO"}"#)
                let created = try await client.execute(uri: "/v1/annotations", method: .post, headers: Self.bearer(acmeAgent), body: body)
                #expect(created.status == .created)
                let acme = try await client.execute(uri: "/v1/ledger?kind=annotation.recorded", method: .get, headers: Self.bearer(acmeAdmin))
                #expect(String(buffer: acme.body).contains("acme secret"))
                let globex = try await client.execute(uri: "/v1/ledger", method: .get, headers: Self.bearer(globexAdmin))
                #expect(globex.status == .ok && !String(buffer: globex.body).contains("acme"))
                let verify = try await client.execute(uri: "/v1/ledger/export", method: .get, headers: Self.bearer(globexAdmin))
                #expect(!String(buffer: verify.body).contains("acme secret"))
            }
        }
    }

    @Test func rolesAreEnforced() async throws {
        try await withRouter { f in
            let app = Application(router: f.router)
            let acmeAgent = f.acmeAgent
            try await app.test(.router) { client in
                let response = try await client.execute(uri: "/v1/ledger/verify", method: .get, headers: Self.bearer(acmeAgent))
                #expect(response.status == .forbidden)
                #expect(response.headers[.contentType] == "application/problem+json")
            }
        }
    }

    @Test func oversizedBodiesAre413AndChangeNothing() async throws {
        try await withRouter { f in
            let app = Application(router: f.router)
            let acmeAdmin = f.acmeAdmin
            let before = try await f.store.head(tenant: "acme")
            try await app.test(.router) { client in
                let big = ByteBuffer(string: #"{"text":""# + String(repeating: "x", count: 8000) + #""}"#)
                let response = try await client.execute(uri: "/v1/annotations", method: .post, headers: Self.bearer(acmeAdmin), body: big)
                #expect(response.status == .contentTooLarge)
                // Without a key the answer is 401 whatever the body: the size says nothing to a stranger.
                let anonymous = try await client.execute(uri: "/v1/annotations", method: .post, headers: [.contentType: "application/json"], body: big)
                #expect(anonymous.status == .unauthorized)
            }
            let after = try await f.store.head(tenant: "acme")
            #expect(after == before)
        }
    }

    @Test func problemsCarryTheRequestIDAndFieldNames() async throws {
        try await withRouter { f in
            let app = Application(router: f.router)
            let acmeAdmin = f.acmeAdmin
            try await app.test(.router) { client in
                let response = try await client.execute(
                    uri: "/v1/ledger?limit=0&from=yesterday", method: .get, headers: Self.bearer(acmeAdmin))
                #expect(response.status == .unprocessableContent)
                let problem = try JSONReader.parse(Array(response.body.readableBytesView))
                guard case .array(let errors)? = problem["errors"] else { Issue.record("no errors"); return }
                #expect(Set(errors.compactMap { $0["field"]?.stringValue }) == ["limit", "from"])
                #expect(response.headers[try #require(HTTPField.Name("X-Request-Id"))] != nil)
            }
        }
    }

    /// A ledger query says what it cannot read instead of guessing: a repeated parameter, a signed
    /// cursor, an empty kind or subject (each would match nothing or one value silently).
    @Test func ledgerQueriesRefuseWhatTheyWouldGuess() async throws {
        try await withRouter { f in
            let app = Application(router: f.router)
            let acmeAdmin = f.acmeAdmin
            try await app.test(.router) { client in
                // An unknown filter (QA healing F11) would otherwise widen the query to every entry.
                for (uri, field) in [
                    ("after=1&after=2", "after"), ("after=%2B5", "after"), ("kind=", "kind"), ("kind=a,", "kind"), ("subject=", "subject"),
                    ("agent=CRO", "agent"), ("kinds=x", "kinds"),
                ] {
                    let response = try await client.execute(uri: "/v1/ledger?\(uri)", method: .get, headers: Self.bearer(acmeAdmin))
                    #expect(response.status == .unprocessableContent, "\(uri)")
                    let problem = try JSONReader.parse(Array(response.body.readableBytesView))
                    guard case .array(let errors)? = problem["errors"] else { Issue.record("no errors"); continue }
                    #expect(errors.compactMap { $0["field"]?.stringValue } == [field], "\(uri)")
                }
                let fine = try await client.execute(uri: "/v1/ledger?kind=a&kind=b,c&after=0", method: .get, headers: Self.bearer(acmeAdmin))
                #expect(fine.status == .ok)
                let misspelt = try await client.execute(uri: "/v1/ledger?kinds=x", method: .get, headers: Self.bearer(acmeAdmin))
                #expect(String(buffer: misspelt.body).contains("did you mean 'kind'?"))
                let export = try await client.execute(uri: "/v1/ledger/export?format=csv&kind=a", method: .get, headers: Self.bearer(acmeAdmin))
                #expect(export.status == .ok)
                let wrongExport = try await client.execute(uri: "/v1/ledger/export?agent=CRO", method: .get, headers: Self.bearer(acmeAdmin))
                #expect(wrongExport.status == .unprocessableContent)
            }
        }
    }

    /// Probes and scrapes do not look at credentials: a probe whose client sends a header
    /// everywhere gets its answer, not 401 (and does not wait on the database to check the key).
    @Test func probesIgnoreWhateverCredentialsTheyCarry() async throws {
        try await withRouter { f in
            let acmeAdmin = f.acmeAdmin
            try await Application(router: f.router).test(.router) { client in
                for uri in ["/healthz", "/readyz", "/metrics"] {
                    for header in ["Bearer not-a-key", "Basic abc", "Bearer \(acmeAdmin)"] {
                        let response = try await client.execute(uri: uri, method: .get, headers: [.authorization: header])
                        #expect(response.status == .ok, "\(uri) \(header)")
                    }
                }
                // Everything else still checks them.
                let api = try await client.execute(uri: "/v1/ledger", method: .get, headers: [.authorization: "Bearer not-a-key"])
                #expect(api.status == .unauthorized)
            }
        }
    }

    /// A tenant's data is not kept by caches, and no answer is sniffed into something else.
    @Test func apiAnswersAreNotStoredAndNotSniffed() async throws {
        try await withRouter { f in
            let app = Application(router: f.router)
            let acmeAdmin = f.acmeAdmin
            try await app.test(.router) { client in
                for uri in ["/v1/ledger?limit=1", "/v1/ledger/export?format=csv", "/v1/ledger?limit=0"] {
                    let response = try await client.execute(uri: uri, method: .get, headers: Self.bearer(acmeAdmin))
                    #expect(response.headers[.cacheControl] == "no-store", "\(uri)")
                    #expect(response.headers[.contentTypeOptions] == "nosniff", "\(uri)")
                }
                let health = try await client.execute(uri: "/healthz", method: .get)
                #expect(health.headers[.contentTypeOptions] == "nosniff" && health.headers[.cacheControl] == nil)
            }
        }
    }

    @Test func readinessWaitsForStartUp() async throws {
        let dir = try TemporaryDirectory(prefix: "steward-ready")
        defer { dir.remove() }
        let store = try SQLiteStore(path: dir.file("s.sqlite"))
        let readiness = Readiness()
        let router = try apiRouter(store: store, clock: TestClock(), maxBodyBytes: 4096, readiness: readiness)
        try await Application(router: router).test(.router) { client in
            let starting = try await client.execute(uri: "/readyz", method: .get)
            #expect(starting.status == .serviceUnavailable)
            readiness.markReady()
            let ready = try await client.execute(uri: "/readyz", method: .get)
            #expect(ready.status == .ok)
        }
    }
}
