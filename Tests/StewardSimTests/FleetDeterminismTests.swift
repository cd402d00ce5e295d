import StewardCore
import Testing
@testable import StewardSim

@Suite("Fleet determinism")
struct FleetDeterminismTests {
    /// Runs the standard fleet for `hours` a minute at a time, restarting every agent that reports
    /// an error, and returns every event.
    func run(seed: UInt64, hours: Int) -> (events: [FleetEvent], injected: [String: Int]) {
        var fleet = Fleet(scenario: Scenario(name: "standard", agents: Scenario.seedFleet + Scenario.generatedAgents(94)), seed: seed, start: FleetTesting.start)
        var all: [FleetEvent] = []
        var now = FleetTesting.start
        for _ in 0..<(hours * 60) {
            now = now.adding(seconds: 60)
            let events = fleet.advance(to: now)
            for signal in FleetTesting.signals(events) where signal.status == .error {
                _ = fleet.perform(FleetTesting.step("restartAgent", signal.agent), at: now)
                _ = fleet.actionSucceeds(agent: signal.agent, type: "draft_email", at: now)
            }
            all += events
        }
        return (all, fleet.injected)
    }

    @Test func sameSeedGivesTheSameEventsAndDifferentSeedsDiffer() {
        let first = run(seed: 7, hours: 6), second = run(seed: 7, hours: 6), other = run(seed: 8, hours: 6)
        #expect(first.events.count > 30_000)
        #expect(first.events == second.events)
        #expect(first.injected == second.injected)
        #expect(first.events != other.events)
    }

    @Test func eventsAreSortedAndWithinTheAdvancedInterval() {
        var fleet = Fleet(scenario: Scenario(name: "seed"), seed: 1, start: FleetTesting.start)
        var previous = FleetTesting.start
        var signalsPerAgent: [String: Int] = [:]
        for step in [1, 59, 60, 360, 3600] {
            let now = previous.adding(seconds: Double(step))
            let events = fleet.advance(to: now)
            let times = events.map { event -> Timestamp? in
                if case .signal(let signal) = event { return signal.ts }
                return nil
            }.compactMap { $0 }
            #expect(times == times.sorted())
            #expect(times.allSatisfy { $0 > previous && $0 <= now })
            for signal in FleetTesting.signals(events) { signalsPerAgent[signal.agent, default: 0] += 1 }
            previous = now
        }
        // 4,080 seconds at one signal a minute: 68 each.
        #expect(signalsPerAgent.count == 6)
        #expect(signalsPerAgent.values.allSatisfy { $0 == 68 })
        #expect(fleet.advance(to: previous).isEmpty)
    }
}
