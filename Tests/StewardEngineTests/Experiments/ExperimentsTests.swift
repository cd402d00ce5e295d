import Logging
import StewardCore
import StewardEngine
import StewardSQLite
import StewardTestSupport
import Testing

/// Experiments over SQLite with a test clock: the periodic round gives the verdict when the
/// duration ends, the ingest watch rolls a regressing treatment back, one experiment per skill.
@Suite struct ExperimentsTests {
    struct Fixture {
        let spine: SpineFixture
        let telemetry: Telemetry
        let experiments: Experiments
        var counter = 0

        init() throws {
            spine = try SpineFixture(prefix: "steward-experiments")
            telemetry = Telemetry(
                store: spine.store, settings: TelemetrySettings(), revision: "test-rev", clock: spine.clock, logger: Logger(label: "test"))
            let experiments = Experiments(
                store: spine.store, routing: nil, spine: spine.spine, clock: spine.clock, revision: "test-rev", logger: Logger(label: "test"))
            telemetry.stored.add { await experiments.watch($0) }
            self.experiments = experiments
        }

        func start(minimumSample: Int = 100) async throws -> Experiment {
            try await experiments.create([
                "name": "speed", "skill": "summarize", "control": "steady", "treatment": "fast", "trafficSplit": 0.5, "durationDays": 1,
                "minimumSample": .int(Int64(minimumSample)), "goals": [["metric": "latency", "direction": "decrease", "minimumImprovement": 0.1]],
                "guardrails": [["metric": "success_rate", "maxRegression": 0.05]],
            ], tenant: "default", actor: "key:ops")
        }

        /// Ingests executions of `strategy` starting a second from now, one millisecond apart.
        mutating func ingest(_ strategy: String, _ outcomes: [Bool], latency: Int64) async throws {
            let start = spine.clock.now().adding(milliseconds: 1_000)
            var values: [JSONValue] = []
            for (i, ok) in outcomes.enumerated() {
                counter += 1
                let begin = start.adding(milliseconds: Int64(i))
                values.append([
                    "execution_id": .string("e-\(counter)"), "skill_name": "summarize", "skill_version": "1.0.0",
                    "timestamp_start": .string(begin.rfc3339), "timestamp_end": .string(begin.adding(milliseconds: latency + Int64(i % 7)).rfc3339),
                    "execution_succeeded": .bool(ok), "total_latency_ms": .int(latency + Int64(i % 7)), "routing_strategy": .string(strategy),
                ])
            }
            let receipt = try await telemetry.ingest(values, tenant: "default", actor: "key:agent")
            #expect(receipt.accepted.count == outcomes.count, "\(receipt.refused)")
        }

        func kinds() async throws -> [String] {
            try await spine.store.ledger(tenant: "default", query: LedgerQuery(kinds: nil, limit: 1000)).rows.map(\.kind)
                .filter { $0.hasPrefix("experiment.") || $0.hasPrefix("routing.") }
        }
    }

    /// Routing for `summarize` (steady, fast) and experiments that switch it.
    static func routed(_ spine: SpineFixture) -> (Routing, Experiments) {
        let routing = Routing(
            store: spine.store, settings: RoutingScheduleTests.settings, spine: spine.spine, clock: spine.clock, revision: "test-rev",
            logger: Logger(label: "test"))
        let experiments = Experiments(
            store: spine.store, routing: routing, spine: spine.spine, clock: spine.clock, revision: "test-rev", logger: Logger(label: "test"))
        return (routing, experiments)
    }

    /// QA telemetry F6: the control must be what runs now, or the experiment would quietly send
    /// traffic back to a strategy the skill was moved away from.
    @Test("An experiment's control must be the skill's current strategy")
    func theControlIsTheCurrentStrategy() async throws {
        let spine = try SpineFixture(prefix: "steward-experiments")
        defer { spine.close() }
        let (_, experiments) = Self.routed(spine)
        func body(control: String, treatment: String) -> JSONValue {
            [
                "name": "speed", "skill": "summarize", "control": .string(control), "treatment": .string(treatment), "trafficSplit": 0.5,
                "durationDays": 1, "minimumSample": 100, "goals": [["metric": "latency", "direction": "decrease", "minimumImprovement": 0.1]],
            ]
        }
        let head = try await spine.store.head(tenant: "default")
        do {
            _ = try await experiments.create(body(control: "fast", treatment: "steady"), tenant: "default", actor: "key:ops")
            Issue.record("a control other than the current strategy was accepted")
        } catch {
            guard case .invalid(let problems) = error else { throw error }
            #expect(problems.map(\.field) == ["control"] && problems.first?.reason.contains("runs 'steady' now") == true)
        }
        #expect(try await spine.store.head(tenant: "default") == head)
        #expect(try await experiments.create(body(control: "steady", treatment: "fast"), tenant: "default", actor: "key:ops").control == "steady")
    }

    /// QA optimize F1: an approved winner is watched like an approved routing proposal (seed 004
    /// §2b.4 step 4), not switched in as an unwatched override.
    @Test("An approved winner is routed to and watched for a regression")
    func anApprovedWinnerIsWatched() async throws {
        let spine = try SpineFixture(prefix: "steward-experiments")
        defer { spine.close() }
        let (routing, experiments) = Self.routed(spine)
        let telemetry = Telemetry(
            store: spine.store, settings: TelemetrySettings(), revision: "test-rev", clock: spine.clock, logger: Logger(label: "test"))
        telemetry.stored.add { await experiments.watch($0) }
        let experiment = try await experiments.create([
            "name": "speed", "skill": "summarize", "control": "steady", "treatment": "fast", "trafficSplit": 0.5, "durationDays": 1,
            "minimumSample": 100, "goals": [["metric": "latency", "direction": "decrease", "minimumImprovement": 0.1]],
        ], tenant: "default", actor: "key:ops")
        var values: [JSONValue] = []
        for (n, (strategy, latency)) in [("steady", 3_000), ("fast", 1_500)].enumerated() {
            for i in 0..<100 {
                let begin = spine.clock.now().adding(milliseconds: Int64(1_000 + n * 1_000 + i))
                values.append([
                    "execution_id": .string("x-\(strategy)-\(i)"), "skill_name": "summarize", "skill_version": "1.0.0",
                    "timestamp_start": .string(begin.rfc3339), "timestamp_end": .string(begin.adding(milliseconds: Int64(latency + i)).rfc3339),
                    "execution_succeeded": true, "total_latency_ms": .int(Int64(latency + i)), "routing_strategy": .string(strategy),
                ])
            }
        }
        _ = try await telemetry.ingest(values, tenant: "default", actor: "key:agent")
        spine.clock.advance(seconds: 86_401)
        _ = try await experiments.evaluate(experiment.id, tenant: "default", conclude: true, actor: "key:ops")
        _ = try await experiments.decide(experiment.id, answer: .approve, reason: "ship it", tenant: "default", principal: "ops", actor: "key:ops")
        let skills = try await routing.skills(tenant: "default")
        let summarize = try #require(skills.first { $0["skill"] == "summarize" })
        #expect(summarize["current"] == "fast" && summarize["change"] == "approved", "\(summarize)")
        #expect(summarize["monitoring"]?["until"]?.stringValue != nil, "\(summarize)")
    }

    @Test("The periodic round concludes when the duration ends, and approval records the promotion")
    func verdictAtTheEnd() async throws {
        var f = try Fixture()
        defer { f.spine.close() }
        let experiment = try await f.start()
        try await f.ingest("steady", Array(repeating: true, count: 100), latency: 1_000)
        try await f.ingest("fast", Array(repeating: true, count: 100), latency: 600)
        let service = TenantRounds.experiments(
            f.experiments, store: f.spine.store, clock: ContinuousClock(), wallClock: f.spine.clock, holder: "test",
            logger: Logger(label: "test"))
        await service.tick()
        #expect(try await f.experiments.experiment(experiment.id, tenant: "default").0.isRunning)
        f.spine.clock.advance(seconds: 86_401)
        await service.tick()
        let (done, _) = try await f.experiments.experiment(experiment.id, tenant: "default")
        #expect(done.status == .completed && done.verdict?.outcome == .treatmentWins && done.proposal?.status == .pending)
        #expect(try await f.experiments.assignment(tenant: "default", skill: "summarize", key: "k") == nil)
        // Deciding on the old proposal leaves the skill's next experiment running.
        let next = try await f.start()
        _ = try await f.experiments.decide(experiment.id, answer: .approve, reason: nil, tenant: "default", principal: "ops", actor: "key:ops")
        #expect(try await f.experiments.assignment(tenant: "default", skill: "summarize", key: "k")?.experimentID == next.id)
        #expect(try await f.kinds() == [
            "experiment.created", "experiment.concluded", "experiment.created", "experiment.approved", "routing.promoted",
        ])
    }

    @Test("A regressing treatment is rolled back by the ingest that shows it; the skill is then free")
    func rollbackOnIngest() async throws {
        var f = try Fixture()
        defer { f.spine.close() }
        let experiment = try await f.start()
        do {
            _ = try await f.start()
            Issue.record("a second running experiment on the skill was accepted")
        } catch let error as SpineError {
            guard case .conflict = error else { throw error }
        }
        try await f.ingest("steady", Array(repeating: true, count: 30), latency: 500)
        try await f.ingest("fast", (0..<30).map { $0 < 12 }, latency: 500)
        let (rolled, results) = try await f.experiments.experiment(experiment.id, tenant: "default")
        #expect(rolled.status == .rolledBack && rolled.breach?.guardrail.metric == .successRate)
        // QA telemetry r3 #7: the executions started a second ahead of our clock, after the
        // rollback's time; the results still show the samples the guardrail judged.
        #expect(results.controlCount == 30 && results.treatmentCount == 30, "\(results.controlCount)/\(results.treatmentCount)")
        #expect(try await f.experiments.assignment(tenant: "default", skill: "summarize", key: "k") == nil)
        #expect(try await f.start().isRunning)
        #expect(try await f.kinds() == ["experiment.created", "experiment.rolled_back", "experiment.created"])
    }
}
