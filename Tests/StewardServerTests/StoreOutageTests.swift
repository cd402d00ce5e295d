import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import StewardCore
import StewardEngine
@testable import StewardServer
import StewardSQLite
import StewardTestSupport

/// When the database is away: requests answer 503 with Retry-After (not 500), and the readiness
/// probe answers 503 within its deadline instead of hanging while the store does (QA, PostgreSQL).
@Suite("Store outage")
struct StoreOutageTests {
    /// A store whose reads fail as an unreachable database's do, and whose ping never answers.
    final class Unreachable: WrappingStore {
        let inner: any Store
        init(inner: any Store) { self.inner = inner }

        func ledger(tenant: String, query: LedgerQuery) async throws(StoreError) -> LedgerPage {
            throw StoreError(.unavailable, operation: "read ledger of \(tenant)", reason: "connection refused")
        }

        func ping() async throws(StoreError) {
            let (hung, _) = AsyncStream<Void>.makeStream()
            for await _ in hung {}
        }
    }

    @Test func anUnavailableStoreIs503AndReadinessAnswersWithinItsDeadline() async throws {
        let dir = try TemporaryDirectory(prefix: "steward-outage")
        defer { dir.remove() }
        let store = Unreachable(inner: try SQLiteStore(path: dir.file("s.sqlite")))
        let ready = Readiness()
        ready.markReady()
        let router = Router(context: StewardRequestContext.self)
        router.add(middleware: ProblemMiddleware())
        router.add(middleware: AuthMiddleware(mode: .disabled(as: Principal(tenant: "default", role: .admin, keyID: "t", name: "t")), clock: TestClock()))
        HealthController(store: store, readiness: ready, sleep: { _ in }).register(on: router)
        LedgerController(store: store).register(on: router)
        try await Application(router: router).test(.router) { client in
            let ledger = try await client.execute(uri: "/v1/ledger", method: .get)
            #expect(ledger.status == .serviceUnavailable)
            #expect(ledger.headers[.retryAfter] == "5")
            #expect(String(buffer: ledger.body).contains("connection refused"))
            let readiness = try await client.execute(uri: "/readyz", method: .get)
            #expect(readiness.status == .serviceUnavailable)
            #expect(String(buffer: readiness.body).contains("did not answer within 5 s"))
        }
        // The engine's refusals say the same (QA r5 PostgreSQL L1: they carried Retry-After: 1).
        for refusal in [Problem.wrap(SpineError.store(StoreError(.unavailable, operation: "read", reason: "no answer"))),
                        Problem.wrap(HealingError.store(StoreError(.unavailable, operation: "read", reason: "no answer")))] {
            let problem = try #require(refusal as? Problem)
            #expect(problem.status == .serviceUnavailable && problem.retryAfterSeconds == 5)
        }
    }

    /// QA: a 500 was answered with the store's internals and logged nowhere. It now names the
    /// request id the log carries, and nothing internal.
    @Test func anInternalFaultAnswersWithTheRequestIDAndNoInternals() async throws {
        let router = Router(context: StewardRequestContext.self)
        router.add(middleware: ProblemMiddleware())
        router.get("/fault") { _, _ -> Response in throw Problem(SpineError.store(StoreError(.corrupt, operation: "tally", reason: "spentUsd is not a number"))) }
        try await Application(router: router).test(.router) { client in
            let fault = try await client.execute(uri: "/fault", method: .get)
            let body = String(buffer: fault.body)
            #expect(fault.status == .internalServerError)
            #expect(body.contains("an internal error occurred; the request id is ") && !body.contains("spentUsd") && !body.contains("tally"), "\(body)")
        }
    }
}
