import StewardCore
import Testing

@Suite struct SignalTallyTests {
    static let t0 = Timestamp(millisecondsSinceEpoch: 1_700_000_000_000)
    static let window = KPIWindow(from: t0, to: t0.adding(milliseconds: 2 * 3_600_000))

    @Test func foldsOnlyTheWindowsFiniteAlignmentsAndDistinctDirectives() {
        var tally = SignalTally(window: Self.window)
        tally.add(SignalSample(agent: "CMO", ts: Self.t0, alignment: 0.5, directiveId: "d-1"))
        tally.add(SignalSample(agent: "CMO", ts: Self.t0.adding(milliseconds: 60_000), alignment: 1, directiveId: "d-1"))
        tally.add(SignalSample(agent: "CMO", ts: Self.t0.adding(milliseconds: 120_000), alignment: .nan, directiveId: "d-2"))
        tally.add(SignalSample(agent: "CRO", ts: Self.t0.adding(milliseconds: 180_000), alignment: 0.75))
        // Outside: the window's end is excluded.
        tally.add(SignalSample(agent: "COO", ts: Self.window.to, alignment: 0, directiveId: "d-9"))
        #expect(tally.alignmentMean == 0.75)
        #expect(tally.directivesPerHour == ["CMO": 1, "CRO": 0])
    }

    @Test func anEmptyTallyHasNoMean() {
        let tally = SignalTally(window: Self.window)
        #expect(tally.alignmentMean == nil && tally.directivesPerHour.isEmpty)
    }
}
