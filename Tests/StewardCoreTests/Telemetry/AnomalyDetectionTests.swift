// Measured on the labelled synthetic stream below (seed 0x2A01, 600 segments of 50 executions,
// threshold 3.0, 3 of the last 10): false positives 9 of 405 normal segments (2.2%), false
// negatives 3 of 195 anomalous segments (1.5%: one failing, one costly, one mixed). Seed 004 §2a.1
// asks for less than 5% of each. Every miss is an anomaly that began while the episode opened by
// a false positive late in the normal segment before it was still open (its window not yet
// clear), so the anomaly was not reported a second time: each of the three follows one of the
// nine false positives.
import Foundation
import Testing
import StewardCore

/// Baselines (seed 004 §1b.6), scores and the persistence rule (§2a.1), and the labelled streams
/// that show the detector meets the seed's false positive and false negative targets.
@Suite struct AnomalyDetectionTests {
    static let moment = Timestamp(millisecondsSinceEpoch: 1_772_366_400_000)

    /// The columns of `records`, as a store returns them.
    static func samples(_ records: [SkillExecution]) -> ExecutionSamples {
        var samples = ExecutionSamples()
        for record in records {
            samples.succeeded.append(record.succeeded)
            samples.latencyMs.append(record.totalLatencyMs)
            samples.tokens.append(record.tokensUsed)
            if let cost = record.costUSD { samples.costUSD.append(cost) }
            if let pct = record.freeTierQuotaPctUsed, record.tokensUsed > 0 { samples.quotaPctPerToken.append(pct / Double(record.tokensUsed)) }
            samples.tiers[record.costTier?.rawValue ?? "unknown", default: 0] += 1
        }
        return samples
    }

    static func baseline(_ samples: ExecutionSamples, minimumSample: Int = 100) throws -> SkillBaseline {
        try #require(SkillBaseline.compute(
            skill: "s", samples: samples, from: moment.adding(milliseconds: -604_800_000), to: moment, computedAt: moment,
            minimumSample: minimumSample))
    }

    /// A standard normal deviate (Box–Muller).
    static func gaussian(_ g: inout SeededGenerator) -> Double {
        let u = Double.random(in: Double.leastNormalMagnitude..<1, using: &g)
        let v = Double.random(in: 0..<1, using: &g)
        return (-2 * log(u)).squareRoot() * cos(2 * Double.pi * v)
    }

    /// The exact percentile as HdrHistogram defines it: the smallest value with at least p% of the
    /// sample at or below it.
    static func exactPercentile(_ sorted: [Int64], _ p: Double) -> Int64 {
        // p × n / 100 rounded up, ignoring the last bits of a level like 99.9 that is not exact in binary.
        let rank = max(1, Int((p * Double(sorted.count) / 100 - 1e-9).rounded(.up)))
        return sorted[min(rank, sorted.count) - 1]
    }

    static func mean(_ values: [Double]) -> Double { values.reduce(0, +) / Double(values.count) }

    static func standardDeviation(_ values: [Double]) -> Double {
        let m = mean(values)
        return (values.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(values.count - 1)).squareRoot()
    }

    // MARK: Baselines

    /// 5,000 executions over four orders of magnitude of latency, some with unknown cost or quota.
    static func wideSample() -> ExecutionSamples {
        var g = SeededGenerator(seed: 0x1B06)
        var samples = ExecutionSamples()
        for i in 0..<5_000 {
            samples.succeeded.append(Double.random(in: 0..<1, using: &g) < 0.9)
            samples.latencyMs.append(Int64(exp(Double.random(in: log(5.0)...log(600_000.0), using: &g))))
            let tokens = i % 10 == 0 ? 0 : Int64.random(in: 1...2_000, using: &g)
            samples.tokens.append(tokens)
            if i % 7 != 0 { samples.costUSD.append(Double.random(in: 0...0.2, using: &g)) }
            if tokens > 0 && i % 3 == 0 { samples.quotaPctPerToken.append(Double.random(in: 0...100, using: &g) / Double(tokens)) }
            samples.tiers[["Free", "Standard", "unknown"][i % 3], default: 0] += 1
        }
        return samples
    }

    @Test func aBaselineHasTheSamplesStatistics() throws {
        let samples = Self.wideSample()
        let baseline = try Self.baseline(samples)
        let n = samples.count
        let successes = samples.succeeded.filter { $0 }.count
        #expect(baseline.sampleSize == n && !baseline.provisional)
        #expect(baseline.successRate == Double(successes) / Double(n))
        let smoothed = (Double(successes) + 1) / (Double(n) + 2)
        #expect(abs(baseline.successStdDev - (smoothed * (1 - smoothed)).squareRoot()) < 1e-12)

        // Percentiles: at most one part in a thousand above the exact ones (three significant digits).
        let sorted = samples.latencyMs.sorted()
        let named: [(Double, Int64)] = [(50, baseline.latencyP50Ms), (95, baseline.latencyP95Ms), (99, baseline.latencyP99Ms)]
        let stored = named + Array(zip(SkillBaseline.quantileLevels, baseline.latencyQuantilesMs))
        #expect(baseline.latencyQuantilesMs.count == SkillBaseline.quantileLevels.count)
        for (level, value) in stored {
            let exact = level == 0 ? sorted[0] : Self.exactPercentile(sorted, level)
            #expect(Double(abs(value - exact)) <= Double(exact) / 1_000, "p\(level): \(value) against exactly \(exact)")
        }

        #expect(baseline.costSampleSize == samples.costUSD.count)
        #expect(abs(baseline.costMeanUSD - Self.mean(samples.costUSD)) < 1e-12)
        #expect(abs(baseline.costStdDevUSD - Self.standardDeviation(samples.costUSD)) < 1e-12)
        let tokens = samples.tokens.map(Double.init)
        #expect(abs(baseline.tokensMean - Self.mean(tokens)) < 1e-9)
        #expect(abs(baseline.tokensStdDev - Self.standardDeviation(tokens)) < 1e-9)
        #expect(baseline.quotaSampleSize == samples.quotaPctPerToken.count)
        #expect(abs(baseline.quotaRateMean - Self.mean(samples.quotaPctPerToken)) < 1e-12)
        #expect(abs(baseline.quotaRateStdDev - Self.standardDeviation(samples.quotaPctPerToken)) < 1e-12)
        #expect(baseline.tierBreakdown == samples.tiers)
    }

    @Test func aSmallSampleIsProvisional() throws {
        func sample(_ n: Int) -> ExecutionSamples {
            var samples = ExecutionSamples()
            samples.succeeded = Array(repeating: true, count: n)
            samples.latencyMs = (0..<n).map { Int64(100 + $0) }
            samples.tokens = Array(repeating: 0, count: n)
            return samples
        }
        #expect(try Self.baseline(sample(99)).provisional)
        #expect(try !Self.baseline(sample(100)).provisional)
        #expect(try Self.baseline(sample(20), minimumSample: 20).provisional == false)
        #expect(SkillBaseline.compute(skill: "s", samples: ExecutionSamples(), from: Self.moment, to: Self.moment, computedAt: Self.moment) == nil)

        // A perfect history still has a spread, so one failure is measurable rather than infinite.
        let perfect = try Self.baseline(sample(10))
        #expect(perfect.successRate == 1 && perfect.successStdDev > 0)
        #expect(perfect.costSampleSize == 0 && perfect.costMeanUSD == 0 && perfect.quotaSampleSize == 0)
    }

    @Test func latencyPercentileRisesWithLatency() throws {
        let baseline = try Self.baseline(Self.wideSample())
        var g = SeededGenerator(seed: 7)
        let probes = (0..<3_000).map { _ in Int64.random(in: 0...700_000, using: &g) } + baseline.latencyQuantilesMs
            + baseline.latencyQuantilesMs.map { $0 + 1 } + baseline.latencyQuantilesMs.map { $0 - 1 } + [0, 1, 4, .max / 2]
        var previous = -1.0
        for latency in probes.sorted() {
            let percentile = baseline.latencyPercentile(of: latency)
            #expect(percentile >= previous, "percentile fell at \(latency) ms")
            #expect((0...100).contains(percentile))
            previous = percentile
        }
        #expect(baseline.latencyPercentile(of: 0) == 0)
        #expect(baseline.latencyPercentile(of: try #require(baseline.latencyQuantilesMs.last)) == 100)
        #expect((49...51).contains(baseline.latencyPercentile(of: baseline.latencyP50Ms)))
        #expect((94...96).contains(baseline.latencyPercentile(of: baseline.latencyP95Ms)))

        // A skill that always takes the same time: faster is 0, that time is the middle, slower is 100.
        var flat = ExecutionSamples()
        flat.succeeded = Array(repeating: true, count: 200)
        flat.latencyMs = Array(repeating: 250, count: 200)
        flat.tokens = Array(repeating: 0, count: 200)
        let constant = try Self.baseline(flat)
        #expect(constant.latencyPercentile(of: 249) == 0 && constant.latencyPercentile(of: 250) == 50 && constant.latencyPercentile(of: 251) == 100)
    }

    /// QA telemetry F2: coarse timings (a rules engine answering in 1, 2 or 3 ms) put a third of the
    /// baseline at its slowest value; a record at that value is usual, not an anomaly.
    @Test func theUsualLatencyOfACoarseTimerIsNotAnomalous() throws {
        var g = SeededGenerator(seed: 5)
        var coarse = ExecutionSamples()
        coarse.succeeded = Array(repeating: true, count: 600)
        coarse.latencyMs = (0..<600).map { _ in Int64.random(in: 1...3, using: &g) }
        coarse.tokens = Array(repeating: 0, count: 600)
        let baseline = try Self.baseline(coarse)
        for latency: Int64 in [1, 2, 3] {
            let record = SkillExecution(
                executionID: "r", skillName: "rules", skillVersion: "1", start: Self.moment, end: Self.moment, succeeded: true, totalLatencyMs: latency)
            let score = AnomalyScore.of(record, against: baseline, threshold: 3)
            #expect(!score.anomalous && score.latencyZ < 1.5, "\(latency) ms scored \(score.latencyZ)")
        }
        let slower = SkillExecution(
            executionID: "r", skillName: "rules", skillVersion: "1", start: Self.moment, end: Self.moment, succeeded: true, totalLatencyMs: 12)
        #expect(AnomalyScore.of(slower, against: baseline, threshold: 3).anomalous)
    }

    /// QA r7 alerts M1: past the slowest of a skill that never varied, the spread is 1% of the
    /// median (as for cost), not 1 ms: 501 ms against a constant 500 ms is no anomaly.
    @Test func aConstantSkillsSpreadIsOnePercentOfItsMedian() throws {
        var flat = ExecutionSamples()
        flat.succeeded = Array(repeating: true, count: 120)
        flat.latencyMs = Array(repeating: 500, count: 120)
        flat.tokens = Array(repeating: 0, count: 120)
        let baseline = try Self.baseline(flat, minimumSample: 20)
        func latencyZ(_ ms: Int64) -> Double {
            let record = SkillExecution(
                executionID: "k", skillName: "konst", skillVersion: "1", start: Self.moment, end: Self.moment, succeeded: true, totalLatencyMs: ms)
            return AnomalyScore.of(record, against: baseline, threshold: 3).latencyZ
        }
        // Each millisecond past 500 adds 1/5: the spread is 5 ms.
        #expect(latencyZ(501) < 3)
        #expect(abs((latencyZ(510) - latencyZ(501)) - 9.0 / 5) < 1e-9)
    }

    /// QA telemetry F3: only the harmful direction counts. A skill that usually fails and then
    /// succeeds, or an execution far cheaper than usual, is not an anomaly.
    @Test func improvementsAreNotAnomalies() throws {
        var flaky = ExecutionSamples()
        flaky.succeeded = (0..<150).map { $0 % 50 == 0 }
        flaky.latencyMs = Array(repeating: 1000, count: 150)
        flaky.tokens = Array(repeating: 0, count: 150)
        flaky.costUSD = (0..<150).map { 0.5 + Double($0 % 7) * 0.01 }
        let baseline = try Self.baseline(flaky)
        var success = SkillExecution(
            executionID: "s", skillName: "flaky", skillVersion: "1", start: Self.moment, end: Self.moment, succeeded: true, totalLatencyMs: 1000)
        success.costUSD = 0.001
        let score = AnomalyScore.of(success, against: baseline, threshold: 3)
        #expect(score.successZ > 3 && (score.costZ ?? 0) < -3)
        #expect(!score.anomalous && score.score < 3)
    }

    /// QA optimize F3: the alert table's "Latency p95 >2x baseline" and "Cost spike >2x baseline"
    /// are raised only past twice the baseline; a smaller anomaly of a narrow baseline stays on
    /// record as an anomaly but raises no alert that would claim "2x".
    @Test func latencyAndCostAlertsNeedTwiceTheBaseline() throws {
        let baseline = try Self.narrowBaseline()
        func score(latency: Int64, cost: Double) -> AnomalyScore { Self.score(latency: latency, cost: cost, against: baseline) }
        let slowish = score(latency: 1_300, cost: 0.0105)
        #expect(slowish.anomalous && slowish.dominant == "latency" && AlertRule.raised(by: slowish) == nil)
        let slow = score(latency: 2_500, cost: 0.0105)
        #expect(slow.anomalous && slow.dominant == "latency" && AlertRule.raised(by: slow) == .latency)
        let dearish = score(latency: 1_050, cost: 0.013)
        #expect(dearish.anomalous && dearish.dominant == "cost" && AlertRule.raised(by: dearish) == nil)
        let dear = score(latency: 1_050, cost: 0.05)
        #expect(dear.anomalous && dear.dominant == "cost" && AlertRule.raised(by: dear) == .cost)
        var failed = SkillExecution(
            executionID: "f", skillName: "s", skillVersion: "1", start: Self.moment, end: Self.moment, succeeded: false, totalLatencyMs: 1_050)
        failed.costUSD = 0.0105
        #expect(AlertRule.raised(by: AnomalyScore.of(failed, against: baseline, threshold: 3)) == .successRate)
    }

    /// 300 executions that all succeeded, taking 1,000–1,099 ms and costing 0.0100–0.0109 USD.
    static func narrowBaseline() throws -> SkillBaseline {
        var narrow = ExecutionSamples()
        narrow.succeeded = Array(repeating: true, count: 300)
        narrow.latencyMs = (0..<300).map { 1000 + Int64($0 % 100) }
        narrow.tokens = Array(repeating: 0, count: 300)
        narrow.costUSD = (0..<300).map { 0.01 + Double($0 % 10) * 0.0001 }
        return try baseline(narrow)
    }

    static func score(latency: Int64, cost: Double, succeeded: Bool = true, against baseline: SkillBaseline) -> AnomalyScore {
        var record = SkillExecution(
            executionID: "x", skillName: "s", skillVersion: "1", start: moment, end: moment, succeeded: succeeded, totalLatencyMs: latency)
        record.costUSD = cost
        return AnomalyScore.of(record, against: baseline, threshold: 3)
    }

    /// QA optimize F6: each metric has its own episode, so failures during a latency episode are
    /// reported, and so is a cost spike after it (one window per skill reported none of them).
    @Test func anEpisodeOnOneMetricDoesNotHideAnother() throws {
        let baseline = try Self.narrowBaseline()
        var episodes = AnomalyEpisodes()
        func observe(_ score: AnomalyScore, times: Int) -> [[String]] {
            (0..<times).map { _ in episodes.observe(score, threshold: 3, required: 3, window: 10).fired.map(\.metric) }
        }
        let slow = Self.score(latency: 5_000, cost: 0.0105, against: baseline)
        #expect(observe(slow, times: 4) == [[], [], ["latency"], []])
        let slowFailures = Self.score(latency: 5_000, cost: 0.0105, succeeded: false, against: baseline)
        #expect(slowFailures.dominant == "latency", "slower than ever: the failures are not the largest deviation")
        #expect(observe(slowFailures, times: 4) == [[], [], ["success"], []], "the latency episode goes on; the failures are a new one")
        let dear = Self.score(latency: 1_050, cost: 0.05, against: baseline)
        #expect(observe(dear, times: 3) == [[], [], ["cost"]])
        // The alert follows the metric whose window fired, not the largest deviation.
        #expect(AlertRule.raised(by: slowFailures, metric: "success") == .successRate && AlertRule.raised(by: slowFailures) == .latency)
    }

    // MARK: Scores

    @Test func theScoreIsTheLargestDeviation() throws {
        var g = SeededGenerator(seed: 11)
        let normal = (0..<2_000).map { Self.execution(Regime.normal, index: $0, using: &g) }
        let baseline = try Self.baseline(Self.samples(normal))

        var typical = SkillExecution(
            executionID: "t", skillName: "s", skillVersion: "1", start: Self.moment, end: Self.moment, succeeded: true, totalLatencyMs: baseline.latencyP50Ms)
        typical.costUSD = baseline.costMeanUSD
        let calm = AnomalyScore.of(typical, against: baseline, threshold: 3)
        #expect(!calm.anomalous && calm.score < 1 && calm.latencyZ < 0.01)

        var failed = typical
        failed.succeeded = false
        let failure = AnomalyScore.of(failed, against: baseline, threshold: 3)
        #expect(failure.anomalous && failure.dominant == "success" && failure.successZ < -3)

        var slow = typical
        slow.totalLatencyMs = try #require(baseline.latencyQuantilesMs.last) * 3
        let slowScore = AnomalyScore.of(slow, against: baseline, threshold: 3)
        #expect(slowScore.anomalous && slowScore.dominant == "latency" && slowScore.latencyPercentile == 100)
        slow.totalLatencyMs *= 2
        #expect(AnomalyScore.of(slow, against: baseline, threshold: 3).latencyZ > slowScore.latencyZ, "beyond the slowest it keeps growing")

        var costly = typical
        costly.costUSD = baseline.costMeanUSD * 3
        let costScore = AnomalyScore.of(costly, against: baseline, threshold: 3)
        #expect(costScore.anomalous && costScore.dominant == "cost")

        var unknownCost = typical
        unknownCost.costUSD = nil
        #expect(AnomalyScore.of(unknownCost, against: baseline, threshold: 3).costZ == nil)
        #expect(calm.quotaRateZ == nil, "no quota in the baseline")
    }

    // MARK: The persistence rule

    /// The executions on which `flags` make the window report.
    static func reports(_ flags: [Bool], required: Int = 3, window: Int = 10) -> [Int] {
        var rule = AnomalyWindow()
        return flags.enumerated().compactMap { rule.observe(anomalous: $0.element, required: required, window: window) ? $0.offset : nil }
    }

    static func flags(_ pattern: String) -> [Bool] { pattern.compactMap { $0 == "x" ? true : $0 == "." ? false : nil } }

    @Test func theWindowReportsOncePerEpisode() {
        // The third anomaly within ten executions reports; the episode goes on without a second report.
        #expect(Self.reports(Self.flags("x....x...x")) == [9])
        #expect(Self.reports(Self.flags("xxx")) == [2])
        #expect(Self.reports(Array(repeating: true, count: 100)) == [2])
        // Two in any ten never report: one anomaly every five executions.
        #expect(Self.reports(Array((0..<200).map { $0 % 5 == 0 })).isEmpty)
        // Three that do not fit in ten executions do not either.
        #expect(Self.reports(Self.flags("x.....x.....x.....x")).isEmpty)
        // Two close together and a third just out of reach do not either.
        #expect(Self.reports(Self.flags("xx........x")).isEmpty)
    }

    @Test func theWindowReArmsOnceItHoldsNoAnomaly() {
        // Nine clean executions leave the episode's last anomaly in the window: no new report.
        #expect(Self.reports(Self.flags("xxx" + String(repeating: ".", count: 9) + "xxx")) == [2])
        // Ten clean executions empty it: the next pattern is a new episode.
        #expect(Self.reports(Self.flags("xxx" + String(repeating: ".", count: 10) + "xxx")) == [2, 15])
        // An episode kept alive by sparse anomalies is still one episode.
        #expect(Self.reports(Self.flags("xxx" + String(repeating: "....x", count: 20) + "xxx")) == [2])
        // Other settings: one anomaly in one execution reports each new run of anomalies.
        #expect(Self.reports(Self.flags("x.xx..x"), required: 1, window: 1) == [0, 2, 6])
        var rule = AnomalyWindow()
        for _ in 0..<100 { _ = rule.observe(anomalous: true, required: 64, window: 500) }
        #expect(rule.anomalousCount == 64 && rule.observed == 64, "the window holds at most 64 executions")
    }

    // MARK: Labelled synthetic streams

    /// How a segment of executions behaves.
    struct Regime: Sendable, CustomStringConvertible {
        let description: String
        let successRate: Double
        let latencyFactor: Double
        let costFactor: Double

        static let normal = Regime(description: "normal", successRate: 0.98, latencyFactor: 1, costFactor: 1)
        static let anomalies = [
            Regime(description: "failing", successRate: 0.6, latencyFactor: 1, costFactor: 1),
            Regime(description: "slow", successRate: 0.98, latencyFactor: 3, costFactor: 1),
            Regime(description: "costly", successRate: 0.98, latencyFactor: 1, costFactor: 3),
            Regime(description: "mixed", successRate: 0.85, latencyFactor: 2, costFactor: 1.5),
        ]
    }

    /// One execution: success with the regime's rate, latency lognormal around 800 ms (σ 0.25 in
    /// log space), cost around 0.01 USD with 5% noise, about 350 tokens.
    static func execution(_ regime: Regime, index: Int, using g: inout SeededGenerator) -> SkillExecution {
        let latency = Int64((800 * regime.latencyFactor * exp(0.25 * gaussian(&g))).rounded())
        let start = moment.adding(milliseconds: Int64(index) * 60_000)
        var record = SkillExecution(
            executionID: "e\(index)", skillName: "s", skillVersion: "1", start: start, end: start.adding(milliseconds: latency),
            succeeded: Double.random(in: 0..<1, using: &g) < regime.successRate, totalLatencyMs: latency)
        record.costUSD = max(0, 0.01 * regime.costFactor * (1 + 0.05 * gaussian(&g)))
        record.tokensUsed = max(1, Int64((350 + 30 * gaussian(&g)).rounded()))
        record.costTier = .Standard
        record.costSource = .reported
        return record
    }

    /// A baseline from 2,000 normal executions, then 600 labelled segments of 50 executions run as
    /// one continuous stream through the score and the persistence rule with the default
    /// ``AnomalySettings`` (the window is never reset: production does not know where segments end).
    ///
    /// An anomalous segment is one episode, so one is always preceded and followed by a normal
    /// segment (two in a row would be one long episode reported once).
    ///
    /// Attribution: a report counts for the segment in which it fires, except that a report among
    /// the first `window` executions of a normal segment directly following an anomalous one counts
    /// for that anomalous segment: the window still holds the episode's executions. A false
    /// positive is a normal segment with a report counted for it; a false negative is an anomalous
    /// segment with none.
    @Test func labelledStreamsMeetTheSeedsTargets() throws {
        let settings = AnomalySettings()
        #expect(settings.threshold == 3 && settings.required == 3 && settings.window == 10)
        var g = SeededGenerator(seed: 0x2A01)
        let training = (0..<2_000).map { Self.execution(.normal, index: $0, using: &g) }
        let baseline = try Self.baseline(Self.samples(training))
        #expect(!baseline.provisional && abs(baseline.successRate - 0.98) < 0.01)

        // The labels: about a third of the segments anomalous, never two in a row, kinds in turn at random.
        var labels: [Regime] = []
        for _ in 0..<600 {
            let previousAnomalous = labels.last.map { $0.description != "normal" } ?? true
            labels.append(!previousAnomalous && Double.random(in: 0..<1, using: &g) < 0.5
                ? Regime.anomalies[Int.random(in: 0..<Regime.anomalies.count, using: &g)] : .normal)
        }

        var episodes = AnomalyEpisodes()
        var reported = Array(repeating: false, count: labels.count)
        var index = 2_000
        for (segment, regime) in labels.enumerated() {
            let followsAnomaly = segment > 0 && labels[segment - 1].description != "normal"
            for position in 0..<50 {
                let record = Self.execution(regime, index: index, using: &g)
                index += 1
                let score = AnomalyScore.of(record, against: baseline, threshold: settings.threshold)
                let fired = episodes.observe(score, threshold: settings.threshold, required: settings.required, window: settings.window).fired
                guard !fired.isEmpty else { continue }
                let owner = regime.description == "normal" && followsAnomaly && position < settings.window ? segment - 1 : segment
                reported[owner] = true
            }
        }

        var normal = 0, falsePositives = 0, anomalous = 0, falseNegatives = 0
        var missedKinds: [String: Int] = [:]
        for (segment, regime) in labels.enumerated() {
            if regime.description == "normal" {
                normal += 1
                if reported[segment] { falsePositives += 1 }
            } else {
                anomalous += 1
                if !reported[segment] {
                    falseNegatives += 1
                    missedKinds[regime.description, default: 0] += 1
                }
            }
        }
        let fp = Double(falsePositives) / Double(normal)
        let fn = Double(falseNegatives) / Double(anomalous)
        let rates = "false positives \(falsePositives)/\(normal) = \(fp), false negatives \(falseNegatives)/\(anomalous) = \(fn) \(missedKinds)"
        #expect(normal >= 300 && anomalous >= 150, "\(normal) normal and \(anomalous) anomalous segments")
        #expect(fp < 0.05, "seed 004 §2a.1: fewer than 5% false positives; \(rates)")
        #expect(fn < 0.05, "seed 004 §2a.1: fewer than 5% false negatives; \(rates)")
    }
}
