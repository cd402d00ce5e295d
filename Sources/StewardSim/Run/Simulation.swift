import Foundation
public import Logging
public import StewardCore
import StewardEngine
import Synchronization

/// A simulated fleet run against the real engine (gate, remediation loop, breakers, ledger) on a
/// virtual clock: a week takes as long as the work itself.
public final class Simulation: Sendable {
    let scenario: Scenario
    let seed: UInt64
    let tier: SimulationTier
    let store: any Store
    let logger: Logger
    /// The configuration the scenario's fleet runs under (Steward's defaults, or a steward.yaml's).
    let base: StewardConfiguration
    /// Simulated seconds between rounds of the loop.
    static let stepSeconds: Int64 = 10
    static let tenant = "default"

    /// A simulation of `scenario` with `seed` under `tier`, over `store` (an empty database).
    public init(scenario: Scenario, seed: UInt64, tier: SimulationTier, store: any Store, logger: Logger, base: StewardConfiguration = .default) {
        self.base = base
        self.scenario = scenario
        self.seed = seed
        self.tier = tier
        self.store = store
        self.logger = logger
    }

    /// Runs `days` simulated days; `progress` gets the share done (0...1) now and then.
    public func run(days: Double, progress: @Sendable (Double) -> Void = { _ in }) async throws -> SimulationReport {
        let started = Date()
        let clock = VirtualClock()
        let wall = clock.wallClock
        var fleet = Fleet(scenario: scenario, seed: seed, start: wall.now())
        let configuration = SimulationConfiguration.make(
            agents: fleet.agents, tier: tier, signalIntervalSeconds: scenario.signalIntervalSeconds, base: base)
        let engine = try SimulationEngine(configuration: configuration, store: store, clock: wall, seed: seed, logger: logger)
        let start = wall.now()
        let totalSteps = Int64(days * 86_400) / Self.stepSeconds
        var tally = SimulationTally()
        for step in 1...max(1, totalSteps) {
            clock.advance(by: .seconds(Self.stepSeconds))
            let now = wall.now()
            let events = fleet.advance(to: now)
            try await engine.driver.play(events, fleet: &fleet, tally: &tally, now: now)
            await engine.tick(round: step, rebalance: tier.rebalances)
            if step % 360 == 0 { progress(Double(step) / Double(totalSteps)) }
        }
        progress(1)
        let end = wall.now()
        fleet.workAll(until: end.millisecondsSinceEpoch)
        return try await engine.report(
            // Shifted by a millisecond so the last round's entries are inside (`to` is exclusive) and the
            // window is exactly the run's length (nothing happens at `start`: the first round is 10 s later).
            scenario: scenario.name, seed: seed, tier: tier, window: KPIWindow(from: start.adding(milliseconds: 1), to: end.adding(milliseconds: 1)),
            days: days, fleet: fleet, tally: tally, wallSeconds: Date().timeIntervalSince(started))
    }
}

/// What the fleet's driver counts as it goes.
public struct SimulationTally: Sendable {
    /// The truth behind each incident, when it opened.
    public var truths: [String: FaultTruth] = [:]
    /// Each incident's class.
    public var classified: [String: Classification] = [:]
    /// Business actions.
    public var actions = SimulationReport.ActionCounts()
    /// High-risk or external actions executed without a person.
    public var safetyViolations = 0

    /// Nothing counted yet.
    public init() {}
}
