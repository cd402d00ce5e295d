import Testing
import StewardCore

/// Time at a level, from the ledger's level and mode changes (QA governance r3 M1: "6+ months
/// running at L3" passed for a tenant that had only ever run at L4).
@Suite struct LevelTimelineTests {
    static let t0 = Timestamp(millisecondsSinceEpoch: 1_780_000_000_000)
    static func day(_ n: Double) -> Timestamp { t0.adding(seconds: n * 86_400) }

    static func change(_ kind: String, _ from: String, _ to: String, day n: Double) -> (from: AutonomyLevel?, change: LevelTimeline.Change) {
        LevelTimeline.change(kind: kind, payload: ["from": .string(from), "to": .string(to)], at: day(n))!
    }

    @Test func aTenantAlwaysAtL4SpentNoTimeAtL3() {
        let timeline = LevelTimeline(initial: .l4, changes: [])
        #expect(timeline.milliseconds(at: [.l3, .l3Plus], from: Self.t0, to: Self.day(220)) == 0)
    }

    @Test func levelAndModeChangesMoveIt() {
        let first = Self.change("autonomy.mode_changed", "approve", "autopilot", day: 100)
        let revert = Self.change("autonomy.level_changed", "L4", "L3", day: 150)
        let back = Self.change("autonomy.level_changed", "L3", "L4", day: 160)
        #expect(first.from == .l3 && first.change.to == .l4)
        let timeline = LevelTimeline(initial: first.from ?? .l4, changes: [first.change, revert.change, back.change])
        let atL3 = timeline.milliseconds(at: [.l3, .l3Plus], from: Self.day(10), to: Self.day(200))
        #expect(atL3 == Int64((90 + 10) * 86_400_000), "90 days before the mode change, 10 under the breaker")
        // Changes before the window set the level it starts at.
        #expect(timeline.milliseconds(at: [.l3], from: Self.day(155), to: Self.day(200)) == Int64(5 * 86_400_000))
        #expect(LevelTimeline.change(kind: "autonomy.scope_changed", payload: ["to": "L3"], at: Self.t0) == nil)
    }
}
