import Logging
import PostgresNIO
import StewardCore
import StewardPostgres
import StewardTestSupport
import Testing

/// QA r5 (PostgreSQL) H1: while another session held the row locks every commit needs, the
/// readiness probe's `SELECT 1` still answered, so `/readyz` said 200 to a load balancer sending
/// writes that could not commit. A commit transaction waiting past the limit makes the probe fail
/// until it commits.
@Suite("PostgreSQL readiness while commits wait on locks")
struct PostgresLockWaitReadinessTests {
    @Test(.enabled(if: PostgresServer.isAvailable, Comment(rawValue: PostgresServer.unavailableMessage)))
    func aCommitWaitingOnAnotherSessionsLocksMakesTheStoreUnready() async throws {
        guard let server = try await PostgresServer.shared() else { return }
        let database = try await PostgresFixture.createDatabase(on: server)
        let store = try PostgresStore(
            url: server.url(database: database), logger: PostgresFixture.logger, commitWaitUnready: .milliseconds(200))
        let running = Task { try await store.run() }
        defer { running.cancel() }
        try await store.migrate()
        func append() -> StoreCommit {
            // One ledger entry: every commit of the tenant locks its chain head.
            StoreCommit(drafts: [try! LedgerDraft(tenant: "t", ts: Timestamp(millisecondsSinceEpoch: 0), kind: "note", subject: "s", actor: "a", payload: [:], configRevision: "r")])
        }
        _ = try await store.commit(append())
        try await store.ping()

        // Another session takes the chain head's lock and keeps its transaction open.
        let configuration = PostgresConnection.Configuration(
            host: server.host, port: server.port, username: server.user, password: server.password, database: database, tls: .disable)
        let holder = try await PostgresConnection.connect(configuration: configuration, id: 7, logger: PostgresFixture.logger)
        try await holder.query("BEGIN", logger: PostgresFixture.logger)
        try await holder.query("SELECT seq FROM ledger_heads WHERE tenant = 't' FOR UPDATE", logger: PostgresFixture.logger)
        let waiting = Task { try await store.commit(append()) }

        var refusal: StoreError?
        for _ in 0..<200 where refusal == nil {
            do {
                try await store.ping()
                try await Task.sleep(for: .milliseconds(50))
            } catch let error as StoreError {
                refusal = error
            }
        }
        #expect(refusal?.code == .unavailable)
        #expect(refusal?.reason.contains("a commit transaction has waited") == true, "\(String(describing: refusal))")

        try await holder.query("ROLLBACK", logger: PostgresFixture.logger)
        _ = try await waiting.value
        try await store.ping()
        try await holder.close()
        try? await PostgresFixture.execute(PostgresQuery(unsafeSQL: #"DROP DATABASE "\#(database)" WITH (FORCE)"#), on: server)
    }
}
