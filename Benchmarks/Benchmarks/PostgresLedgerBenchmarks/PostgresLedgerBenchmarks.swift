import Benchmark
import Foundation
import Logging
import StewardCore
import StewardPostgres
import Synchronization

// The ledger's write path on PostgreSQL: 64 concurrent writers appending single-entry commits to
// one tenant's chain (the worst case: every commit takes the same head lock), grouped into
// transactions by the store's group commit. The server comes from STEWARD_TEST_POSTGRES_URL:
//   cd Benchmarks && ../scripts/with-postgres.sh swift package --disable-sandbox benchmark --target PostgresLedgerBenchmarks

/// A running store shared by the iterations of one benchmark.
private struct Rig: Sendable {
    let store: PostgresStore
    let running: Task<Void, any Error>
    let tenant: String
}

private let rig = Mutex<Rig?>(nil)
private let writers = 64
private let commitsPerWriter = 50
private let entriesPerIteration = writers * commitsPerWriter
private let entriesPerSecond = BenchmarkMetric.custom("entries/s", polarity: .prefersLarger, useScalingFactor: false)

private func startRig() async throws {
    guard let url = ProcessInfo.processInfo.environment["STEWARD_TEST_POSTGRES_URL"] else { return }
    var logger = Logger(label: "steward.benchmark.postgres")
    logger.logLevel = .warning
    let store = try PostgresStore(url: url, logger: logger)
    let running = Task { try await store.run() }
    try await store.migrate()
    rig.withLock { $0 = Rig(store: store, running: running, tenant: "bench-\(UUID().uuidString.prefix(8))") }
}

private func stopRig() async throws {
    guard let current = rig.withLock({ state in defer { state = nil }; return state }) else { return }
    let verification = try await LedgerAudit.verify(store: current.store, tenant: current.tenant)
    if !verification.ok { print("chain of \(current.tenant) is broken: \(String(describing: verification.fault))") }
    current.running.cancel()
    _ = await current.running.result
}

let benchmarks: @Sendable () -> Void = {
    guard ProcessInfo.processInfo.environment["STEWARD_TEST_POSTGRES_URL"] != nil else {
        print("STEWARD_TEST_POSTGRES_URL is not set; run through scripts/with-postgres.sh. Skipping PostgreSQL benchmarks.")
        return
    }
    let configuration = Benchmark.Configuration(
        metrics: [.wallClock, .throughput, entriesPerSecond],
        timeUnits: .milliseconds,
        warmupIterations: 2,
        maxDuration: .seconds(20),
        maxIterations: 30)

    Benchmark(
        "Ledger append, PostgreSQL, \(writers) writers x \(commitsPerWriter) single-entry commits",
        configuration: configuration,
        closure: { benchmark in
            guard let current = rig.withLock({ $0 }) else { return }
            let drafts = try (0..<commitsPerWriter).map { i in
                try LedgerDraft(
                    tenant: current.tenant, ts: Timestamp(millisecondsSinceEpoch: 1_767_225_600_000 + Int64(i)),
                    kind: "signal.received", subject: "agent:bench", actor: "benchmark",
                    payload: ["n": .int(Int64(i)), "status": "healthy", "latencyMs": 42], configRevision: "bench")
            }
            let started = ContinuousClock.now
            benchmark.startMeasurement()
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<writers {
                    group.addTask {
                        for draft in drafts { _ = try await current.store.commit(StoreCommit(drafts: [draft])) }
                    }
                }
                try await group.waitForAll()
            }
            benchmark.stopMeasurement()
            let elapsed = ContinuousClock.now - started
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            benchmark.measurement(entriesPerSecond, Int(Double(entriesPerIteration) / seconds))
        },
        setup: { try await startRig() },
        teardown: { try await stopRig() })
}
