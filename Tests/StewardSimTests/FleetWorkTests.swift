import StewardCore
import Testing
@testable import StewardSim

@Suite("Fleet work")
struct FleetWorkTests {
    static let solo = [SimAgentSpec(name: "Solo", domain: .revenue, dependencies: [], slots: 4)]

    /// A one-agent fleet where only `kind` strikes (rate 0: nothing strikes).
    static func fleet(_ kind: FaultKind = .timeout, rate: Double = 0) -> Fleet {
        Fleet(scenario: FleetTesting.only(kind, rate: rate, agents: solo), seed: 5, start: FleetTesting.start)
    }

    @Test func aWellAgentCompletesItsSlotsWorthOfDirectivesAndReportsTheNextOne() {
        var fleet = Self.fleet()
        // 4 slots × 180 minutes = 720 slot-minutes = 6 directives of 120.
        let signals = FleetTesting.signals(fleet.advance(to: FleetTesting.start.adding(seconds: 3 * 3600)))
        #expect(fleet.directivesCompleted["Solo"] == 6)
        #expect(signals.first?.context.directiveId == "dir-Solo-1")
        #expect(signals.last?.context.directiveId == "dir-Solo-6" || signals.last?.context.directiveId == "dir-Solo-7")
        #expect(Set(signals.compactMap(\.context.directiveId)).count >= 6)
    }

    @Test func moreSlotsFinishMoreAndAThrottleSlowsWorkUntilItLifts() {
        var wider = Self.fleet(), throttled = Self.fleet()
        _ = wider.perform(FleetTesting.step(ActionType.allocationTypeName, "Solo", ["slots": 8]), at: FleetTesting.start)
        _ = throttled.perform(FleetTesting.step("throttleAgent", "Solo", ["maxConcurrent": 1, "minutes": 60]), at: FleetTesting.start)
        let end = FleetTesting.start.adding(seconds: 3 * 3600)
        _ = wider.advance(to: end)
        _ = throttled.advance(to: end)
        #expect(wider.directivesCompleted["Solo"] == 12)
        // One slot for the first hour, four for the next two: 60 + 480 = 540 slot-minutes.
        #expect(throttled.directivesCompleted["Solo"] == 4)
        #expect(throttled.members[0].progress == 60 * 60_000)
    }

    @Test func aFailingAgentDoesNoWorkAndADegradedOneHalf() throws {
        for (kind, share) in [(FaultKind.unfixable, 0.0), (.rateLimit, 0.5)] {
            var fleet = Self.fleet(kind, rate: 50)
            let signal = try #require(FleetTesting.firstFaultySignal(&fleet, kind: kind, hours: 2))
            #expect(signal.agent == "Solo")
            let done = { (f: Fleet) in f.members[0].progress / 60_000 + Double(f.members[0].directivesCompleted) * 120 }
            let before = done(fleet)
            _ = fleet.advance(to: Timestamp(millisecondsSinceEpoch: fleet.now).adding(seconds: 600))
            let after = done(fleet)
            #expect(fleet.truth(agent: "Solo")?.kind == kind.rawValue, "\(kind)")
            // Ten minutes on four slots: 40 slot-minutes when well.
            #expect(abs((after - before) - 40 * share) < 1e-6, "\(kind)")
        }
    }
}
