// Ledger append and verification on SQLite (issue 2 targets):
// - append from 64 concurrent writers, durable at return, against the ceiling of raw GRDB batched
//   inserts of the same rows with no hashing, measured in the same run;
// - chain verification of a 1,000,000-entry ledger read from SQLite.
import Benchmark
import Foundation
import GRDB
import StewardCore
import StewardSQLite

let writers = 64
let appendsPerWriter = 200
let entriesPerIteration = writers * appendsPerWriter
let verifyEntries = 1_000_000

func temporaryPath(_ name: String) -> String {
    let dir = NSTemporaryDirectory() + "steward-bench-\(UUID().uuidString.prefix(8))"
    try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    return dir + "/" + name
}

func sampleDraft(_ writer: Int, _ i: Int) throws -> LedgerDraft {
    try LedgerDraft(
        tenant: "bench", ts: Timestamp(millisecondsSinceEpoch: 1_767_225_600_000 + Int64(i)), kind: "signal.received",
        subject: "agent:A\(writer)", actor: "key:0123456789ab",
        payload: ["agent": .string("A\(writer)"), "status": "healthy", "successRate": 0.97, "backlogAgeMinutes": 3, "n": .int(Int64(i))],
        configRevision: String(repeating: "c", count: 64))
}

/// Fills a store with `count` entries in large commits (setup, not measured).
func populate(_ store: SQLiteStore, count: Int) async throws {
    var written = 0
    while written < count {
        let batch = try (0..<min(1000, count - written)).map { try sampleDraft($0 % 64, written + $0) }
        _ = try await store.commit(StoreCommit(drafts: batch))
        written += batch.count
    }
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput], warmupIterations: 1, maxDuration: .seconds(30), maxIterations: 8)

    // Each durability mode against its own ceiling, in the same run.
    for durability in SQLiteDurability.allCases {
        Benchmark("SQLite append (\(durability.rawValue)): 64 writers x 200 single-entry commits (12,800 entries)") { benchmark in
            // Setup runs before startMeasurement(), which resets the clock.
            let store = try SQLiteStore(path: temporaryPath("append.sqlite"), durability: durability)
            let drafts = try (0..<writers).map { w in try (0..<appendsPerWriter).map { try sampleDraft(w, $0) } }
            benchmark.startMeasurement()
            try await withThrowingTaskGroup(of: Void.self) { group in
                for w in 0..<writers {
                    group.addTask {
                        for draft in drafts[w] { _ = try await store.commit(StoreCommit(drafts: [draft])) }
                    }
                }
                try await group.waitForAll()
            }
        }

        Benchmark("Raw GRDB ceiling (\(durability.rawValue)): the same 12,800 rows, 64 per transaction, no hashing") { benchmark in
            let path = temporaryPath("ceiling.sqlite")
            _ = try SQLiteStore(path: path)  // same schema and indexes
            var configuration = Configuration()
            // As the store waits: the store just opened may still be closing its checkpoint connection.
            configuration.busyMode = .timeout(10)
            configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = \(durability.rawValue.uppercased())") }
            let pool = try DatabasePool(path: path, configuration: configuration)
            let rows = try (0..<writers).flatMap { w in try (0..<appendsPerWriter).map { try sampleDraft(w, $0) } }
            let hash = String(repeating: "a", count: 64)
            benchmark.startMeasurement()
            for start in stride(from: 0, to: rows.count, by: writers) {
                try await pool.write { db in
                    var seq = Int64(start)
                    let insert = try db.cachedStatement(sql: """
                        INSERT INTO ledger (tenant, seq, ts, kind, subject, actor, payload, config_revision, prev_hash, hash)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """)
                    for draft in rows[start..<min(start + writers, rows.count)] {
                        seq += 1
                        try insert.execute(arguments: [
                            draft.tenant, seq, draft.ts.millisecondsSinceEpoch, draft.kind, draft.subject, draft.actor,
                            String(decoding: draft.canonicalPayload, as: UTF8.self), draft.configRevision, hash, hash,
                        ])
                    }
                }
            }
        }
    }

    // Both verification benchmarks read the same 1,000,000-entry ledger, written once per process in
    // their setup (not measured). The first is what `LedgerAudit.verify` (and so `steward ledger
    // verify` and `GET /v1/ledger/verify`) runs on SQLite: the store's own scan. The second is the
    // generic page-by-page path every other store gets.
    let verifyConfiguration = Benchmark.Configuration(
        metrics: [.wallClock], warmupIterations: 1, maxDuration: .seconds(60), maxIterations: 8,
        setup: { _ = try await VerifyFixture.shared.store() })

    Benchmark("Verify a 1,000,000-entry chain read from SQLite", configuration: verifyConfiguration) { _ in
        let store = try await VerifyFixture.shared.store()
        let result = try await LedgerAudit.verify(store: store, tenant: "bench")
        precondition(result.ok && result.entriesChecked == verifyEntries, "verification failed: \(result)")
    }

    Benchmark(
        "Verify a 1,000,000-entry chain read from SQLite, page by page (any store)", configuration: verifyConfiguration
    ) { _ in
        let store = try await VerifyFixture.shared.store()
        let result = try await LedgerAudit.verifyPages(store: store, tenant: "bench")
        precondition(result.ok && result.entriesChecked == verifyEntries, "verification failed: \(result)")
    }
}

/// The ledger the verification benchmarks read, populated on first use.
actor VerifyFixture {
    static let shared = VerifyFixture()
    private var populated: SQLiteStore?

    func store() async throws -> SQLiteStore {
        if let populated { return populated }
        let store = try SQLiteStore(path: temporaryPath("verify.sqlite"))
        try await populate(store, count: verifyEntries)
        populated = store
        return store
    }
}
