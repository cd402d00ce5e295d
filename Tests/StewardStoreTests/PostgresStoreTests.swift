import Logging
import PostgresNIO
import StewardCore
import StewardPostgres
import StewardTestSupport
import Synchronization
import Testing

/// What only the PostgreSQL store has to show: several replicas on one database.
///
/// Without a server every test here returns at once, like the contract's PostgreSQL run; the one
/// test below carries the skip, so the test output says so once instead of once per test.
@Suite("PostgreSQL store")
struct PostgresStoreTests {
    /// Stores on one fresh database, running until `body` returns; nothing when there is no server.
    func withReplicas(
        _ count: Int, migrate: Bool = true, logger: Logger = PostgresFixture.logger,
        _ body: ([PostgresStore], PostgresServer, String) async throws -> Void
    ) async throws {
        guard let server = try await PostgresServer.shared() else { return }
        let database = try await PostgresFixture.createDatabase(on: server)
        let stores = try (0..<count).map { _ in try PostgresStore(url: server.url(database: database), logger: logger) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for store in stores { group.addTask { try await store.run() } }
            defer { group.cancelAll() }
            if migrate {
                try await withThrowingTaskGroup(of: Void.self) { migrations in
                    for store in stores { migrations.addTask { try await store.migrate() } }
                    try await migrations.waitForAll()
                }
            }
            try await body(stores, server, database)
        }
        try? await PostgresFixture.execute(PostgresQuery(unsafeSQL: #"DROP DATABASE "\#(database)" WITH (FORCE)"#), on: server)
    }

    @Test(.enabled(if: PostgresServer.isAvailable, Comment(rawValue: PostgresServer.unavailableMessage)))
    func aPostgreSQLServerIsAvailable() async throws {
        var reached = false
        try await withReplicas(1) { stores, _, _ in
            try await stores[0].ping()
            reached = true
        }
        #expect(reached)
    }

    @Test func replicasMigratingAtOnceApplyEachMigrationOnce() async throws {
        try await withReplicas(4, migrate: false) { stores, server, database in
            do {
                try await stores[0].ping()
                Issue.record("an unmigrated database must not be ready")
            } catch {
                #expect((error as? StoreError)?.code == .migration)
            }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for store in stores { group.addTask { try await store.migrate() } }
                try await group.waitForAll()
            }
            try await stores[1].migrate()
            for store in stores { try await store.ping() }
            let applied = try await PostgresQueries.int("SELECT count(*) FROM steward_migrations", on: server, database: database)
            #expect(applied == 2)  // ledger-projections-leases, executions
        }
    }

    @Test func replicasAppendingToOneTenantNeverForkItsChain() async throws {
        try await withReplicas(3) { stores, _, _ in
            let seals = try await withThrowingTaskGroup(of: [LedgerSeal].self) { group in
                for writer in 0..<48 {
                    let store = stores[writer % stores.count]
                    group.addTask {
                        var seals: [LedgerSeal] = []
                        for i in 0..<25 {
                            let tenant = writer % 2 == 0 ? "acme" : "other"
                            seals += try await store.commit(StoreCommit(drafts: [try draft(tenant, n: writer * 1000 + i)])).seals
                        }
                        return seals
                    }
                }
                var all: [LedgerSeal] = []
                for try await seals in group { all += seals }
                return all
            }
            #expect(seals.count == 48 * 25)
            for tenant in ["acme", "other"] {
                let verification = try await LedgerAudit.verify(store: stores[1], tenant: tenant)
                #expect(verification.ok && verification.entriesChecked == 24 * 25)
            }
        }
    }

    @Test func aCommitRacingAnotherReplicaFailsAloneAndItsBatchLands() async throws {
        let captured = LogCapture()
        var logger = Logger(label: "steward.test.capture") { _ in captured.handler }
        logger.logLevel = .notice
        try await withReplicas(1, logger: logger) { stores, server, database in
            let store = stores[0]
            let blocker = ProjectionDocument(tenant: "acme", collection: "agents", id: "Z", body: [:])
            _ = try await store.commit(StoreCommit(projections: [.put(blocker)]))
            // One session holds Z, so the next batch waits; another creates X without committing.
            let holder = try await PostgresQueries.begin(on: server, database: database)
            try await holder.query("SELECT * FROM projections WHERE id = 'Z' FOR UPDATE", logger: PostgresFixture.logger)
            let racer = try await PostgresQueries.begin(on: server, database: database)
            try await racer.query(
                "INSERT INTO projections (tenant, collection, id, body, version) VALUES ('acme', 'agents', 'X', '{}', 1)",
                logger: PostgresFixture.logger)

            let blockedCommit = StoreCommit(drafts: [try draft(n: 0)], projections: [.put(blocker)])
            async let blocked = store.commit(blockedCommit)
            try await PostgresQueries.waitForLockWaiters(1, on: server, database: database)
            // These two queue behind the blocked batch and form the next one together.
            let create = StoreCommit(
                drafts: [try draft(n: 1)],
                projections: [.put(ProjectionDocument(tenant: "acme", collection: "agents", id: "X", body: ["mine": true]))],
                preconditions: [ProjectionPrecondition(tenant: "acme", collection: "agents", id: "X", expectedVersion: 0)])
            let other = StoreCommit(
                drafts: [try draft(n: 2)], projections: [.put(ProjectionDocument(tenant: "acme", collection: "agents", id: "Y", body: [:]))])
            async let created: StoreError? = {
                do { _ = try await store.commit(create); return nil } catch { return error as? StoreError }
            }()
            async let landed = store.commit(other)
            try await Task.sleep(for: .milliseconds(200))
            try await holder.query("COMMIT", logger: PostgresFixture.logger)
            _ = try await blocked
            // The next batch now waits on the uncommitted X; committing it makes the batch's insert fail.
            try await PostgresQueries.waitForLockWaiters(1, on: server, database: database)
            try await racer.query("COMMIT", logger: PostgresFixture.logger)

            let createdError = await created
            #expect(createdError?.code == .conflict)
            #expect(try await landed.seals.count == 1)
            #expect(try await store.projection(tenant: "acme", collection: "agents", id: "X")?.body == [:])
            #expect(try await store.projection(tenant: "acme", collection: "agents", id: "Y")?.version == 1)
            #expect(try await LedgerAudit.verify(store: store, tenant: "acme").entriesChecked == 2)
            #expect(captured.messages.contains { $0.contains("commit by commit") })
            try await holder.close()
            try await racer.close()
        }
    }

    @Test func releasedLeasesKeepTheirFencingTokensIncreasing() async throws {
        try await withReplicas(1) { stores, _, _ in
            let t0 = Timestamp(millisecondsSinceEpoch: 1_000_000)
            let first = try #require(try await stores[0].acquireLease(name: "scheduler", holder: "a", now: t0, ttlMilliseconds: 10_000))
            try await stores[0].releaseLease(name: "scheduler", holder: "a")
            let again = try #require(try await stores[0].acquireLease(name: "scheduler", holder: "a", now: t0, ttlMilliseconds: 10_000))
            #expect(again.fencingToken == first.fencingToken + 1)
        }
    }

    @Test func payloadsKeepTheirExactBytes() async throws {
        try await withReplicas(1) { stores, _, _ in
            let payload: JSONValue = ["z": 1, "a": ["é", "\u{0}", "😀"], "m": .double(0.1), "k": .null]
            let receipt = try await stores[0].commit(StoreCommit(drafts: [try LedgerDraft(
                tenant: "acme", ts: Timestamp(millisecondsSinceEpoch: 1), kind: "k", subject: "s", actor: "t",
                payload: payload, configRevision: "r")]))
            let row = try #require(try await stores[0].ledger(tenant: "acme", query: LedgerQuery()).rows.first)
            #expect(row.canonicalPayload == (try CanonicalJSON.encode(payload)))
            #expect(row.recomputedHash == receipt.seals[0].hash)
        }
    }
}

/// Collects the messages a store logs.
final class LogCapture: Sendable {
    private let lines = Mutex<[String]>([])
    var messages: [String] { lines.withLock { $0 } }

    /// A handler writing into this capture.
    var handler: some LogHandler { Handler(capture: self) }

    private struct Handler: LogHandler {
        let capture: LogCapture
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            capture.lines.withLock { $0.append(event.message.description) }
        }
    }
}
