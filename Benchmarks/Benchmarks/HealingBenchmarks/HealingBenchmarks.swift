import Benchmark
import Foundation
import Logging
import StewardCore
import StewardEngine
import StewardSQLite

// The remediation loop in process (docs/performance.md, "Self-healing").
// Run from Benchmarks/: swift package --disable-sandbox benchmark --target HealingBenchmarks
//
// "error signal to first step dispatched": one TIMEOUT signal from an agent with no open incident,
// through the intake (its ledger entry and agent row committed, durable), classification, the
// playbook choice and the first step's proposal through the gate (committed, dispatched), on a
// real SQLite file with synchronous = FULL. Each iteration is a new agent, so each opens an incident.
// The clock stops when the commit that dispatches the step has returned (durable: the agent can
// have it); "..., whole ingest" stops when the ingest returns, after the incident's own save.

/// A wall clock that is the system's.
struct Now: WallClock {
    func now() -> Timestamp { Timestamp(millisecondsSinceEpoch: Int64(Date().timeIntervalSince1970 * 1000)) }
}

/// The loop over a fresh database.
final class Loop: @unchecked Sendable {
    let directory: String
    let healing: HealingAssembly
    let store: DispatchWatch
    var agent = 0

    init(firstStepOnly: Bool = false) throws {
        directory = NSTemporaryDirectory() + "steward-healing-bench-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        store = DispatchWatch(try SQLiteStore(path: directory + "/steward.sqlite"))
        var logger = Logger(label: "bench")
        logger.logLevel = .critical
        var configuration = StewardConfiguration.default
        configuration.remediation.bandit.enabled = false
        if firstStepOnly {
            // TRANSIENT healed by its first step alone: the ingest then ends right after that step
            // was proposed, dispatched and the incident saved.
            configuration.playbooks = configuration.playbooks.filter { $0.classification != .transient } + [
                Playbook(name: "RestartOnly", classification: .transient, steps: [PlaybookStep(.restartAgent, ["mode": "soft"])], successCriteria: "lastTaskSucceeded"),
            ]
        }
        let spine = try SpineAssembly(store: store, configuration: configuration, revision: "bench", clock: Now(), logger: logger, client: nil).spine
        healing = try HealingAssembly(store: store, spine: spine, configuration: configuration, revision: "bench", clock: Now(), logger: logger, seed: 1)
    }

    func errorSignal() -> StatusSignal {
        agent += 1
        return StatusSignal(
            agent: "agent-\(agent)", status: .error, lastReport: "timeout",
            metrics: SignalMetrics(successRate: 0.7, alignment: 0.95, backlogAgeMinutes: 2), context: SignalContext(errorCode: .timeout),
            ts: Now().now())
    }

    func remove() { try? FileManager.default.removeItem(atPath: directory) }
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .mallocCountTotal], scalingFactor: .one, maxDuration: .seconds(20), maxIterations: 1_000)

    Benchmark("error signal to first step dispatched") { benchmark in
        try await measure(benchmark, try Loop(firstStepOnly: true), untilDispatched: true)
    }

    Benchmark("error signal to first step dispatched, whole ingest") { benchmark in
        try await measure(benchmark, try Loop(firstStepOnly: true))
    }

    Benchmark("error signal to every step of RestartAndRetryTransient dispatched") { benchmark in
        try await measure(benchmark, try Loop())
    }
}

func measure(_ benchmark: Benchmark, _ loop: Loop, untilDispatched: Bool = false) async throws {
    do {
        defer { loop.remove() }
        for _ in 0..<20 { _ = try await loop.healing.intake.ingest([loop.errorSignal()], tenant: "default", actor: "bench") }
        for _ in benchmark.scaledIterations {
            let signal = loop.errorSignal()
            if untilDispatched { loop.store.onDispatch = { benchmark.stopMeasurement() } }
            benchmark.startMeasurement()
            let receipts = try await loop.healing.intake.ingest([signal], tenant: "default", actor: "bench")
            if untilDispatched {
                precondition(loop.store.onDispatch == nil, "the step must have been dispatched")
            } else {
                benchmark.stopMeasurement()
            }
            precondition(receipts.first?.incident != nil, "the error signal must open an incident")
        }
    }
}

/// The benchmark's store: calls `onDispatch` once, right after the first commit that dispatched
/// an action returned.
final class DispatchWatch: WrappingStore, @unchecked Sendable {
    let inner: any Store
    /// Called (then cleared) on the next dispatching commit; set and read by the benchmark's task only.
    var onDispatch: (() -> Void)?

    init(_ inner: SQLiteStore) { self.inner = inner }

    func commit(_ commit: StoreCommit) async throws(StoreError) -> CommitReceipt {
        let receipt = try await inner.commit(commit)
        if let onDispatch, commit.drafts.contains(where: { $0.kind == "action.dispatched" }) {
            onDispatch()
            self.onDispatch = nil
        }
        return receipt
    }
}
