import Benchmark
import Foundation
import StewardCore
import StewardSQLite

// Execution telemetry in process (docs/performance.md, "Execution telemetry").
// Run from Benchmarks/: swift package --disable-sandbox benchmark --target TelemetryBenchmarks
//
// - "anomaly score, one record": AnomalyScore.of against a 2,000-execution baseline (target ≤ 2 µs);
//   scalingFactor .kilo: each iteration scores 1,000 records, so the reported time is per 1,000.
// - "baseline over 1,000,000 records": reading the columns of one skill's 1,000,000 stored
//   executions from a real SQLite file and computing its baseline (target ≤ 2 s).

/// A seeded stream of plausible executions of one skill.
struct Executions {
    var generator = SeededGenerator(seed: 7)

    mutating func next(_ n: Int) -> SkillExecution {
        let start = Timestamp(millisecondsSinceEpoch: 1_764_000_000_000 + Int64(n) * 100)
        let latency = Int64(600 + Int.random(in: 0..<400, using: &generator))
        var record = SkillExecution(
            executionID: "run-\(n)", skillName: "summarize", skillVersion: "1.0", start: start, end: start.adding(milliseconds: latency),
            succeeded: Int.random(in: 0..<100, using: &generator) >= 2, totalLatencyMs: latency)
        record.tokensInput = Int64(300 + Int.random(in: 0..<50, using: &generator))
        record.tokensOutput = 40
        record.tokensUsed = record.tokensInput + 40
        record.costUSD = Double(record.tokensUsed) * 0.00003
        record.costSource = .priced
        record.freeTierQuotaPctUsed = Double(n % 100)
        return record
    }
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .mallocCountTotal], scalingFactor: .one, maxDuration: .seconds(20), maxIterations: 1_000)

    Benchmark("anomaly score, one record", configuration: .init(scalingFactor: .kilo)) { benchmark in
        var stream = Executions()
        var samples = ExecutionSamples()
        for n in 0..<2_000 {
            let r = stream.next(n)
            samples.succeeded.append(r.succeeded)
            samples.latencyMs.append(r.totalLatencyMs)
            samples.costUSD.append(r.costUSD ?? 0)
            samples.tokens.append(r.tokensUsed)
            samples.quotaPctPerToken.append((r.freeTierQuotaPctUsed ?? 0) / Double(r.tokensUsed))
        }
        let now = Timestamp(millisecondsSinceEpoch: 1_765_000_000_000)
        guard let baseline = SkillBaseline.compute(skill: "summarize", samples: samples, from: now, to: now, computedAt: now) else { return }
        let records = (2_000..<3_000).map { stream.next($0) }
        var anomalous = 0
        for _ in benchmark.scaledIterations {
            for record in records where AnomalyScore.of(record, against: baseline, threshold: 3).anomalous { anomalous += 1 }
        }
        blackHole(anomalous)
    }

    Benchmark("baseline over 1,000,000 records", configuration: .init(maxDuration: .seconds(60), maxIterations: 5)) { benchmark in
        let directory = NSTemporaryDirectory() + "steward-telemetry-bench-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try SQLiteStore(path: directory + "/steward.sqlite", durability: .normal)
        var stream = Executions()
        for chunk in 0..<100 {
            var commit = StoreCommit()
            for n in (chunk * 10_000)..<((chunk + 1) * 10_000) {
                let record = stream.next(n)
                commit.executions.append(ExecutionRow(tenant: "default", record: record, body: try record.canonicalBody()))
            }
            _ = try await store.commit(commit)
        }
        let from = Timestamp(millisecondsSinceEpoch: 0), to = Timestamp(millisecondsSinceEpoch: 2_000_000_000_000)
        for _ in benchmark.scaledIterations {
            benchmark.startMeasurement()
            let samples = try await store.executionSamples(tenant: "default", skill: "summarize", from: from, to: to)
            let baseline = SkillBaseline.compute(skill: "summarize", samples: samples, from: from, to: to, computedAt: to)
            benchmark.stopMeasurement()
            precondition(baseline?.sampleSize == 1_000_000, "the baseline must count every record")
        }
    }
}
