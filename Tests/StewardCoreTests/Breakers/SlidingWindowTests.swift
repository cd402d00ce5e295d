import Testing
import StewardCore

/// The breakers' sliding windows cover their own length (QA governance r3 H1: a 30 s window was
/// 60 one-second buckets, so it held events for a minute and tripped on failures 46 s apart).
@Suite struct SlidingWindowTests {
    static let t0 = Timestamp(millisecondsSinceEpoch: 1_800_000_000_000)

    static func failures(in window: SlidingWindow, at seconds: Int64) -> Int {
        window.totals(at: t0.adding(milliseconds: seconds * 1000)).failures
    }

    @Test func aWindowShorterThanAMinuteDropsAnEventWhenItsLengthHasPassed() {
        for length in [1, 30, 59] {
            var window = SlidingWindow(length: WindowDuration(seconds: length))
            window.record(at: Self.t0) { $0.failures += 1 }
            #expect(Self.failures(in: window, at: Int64(length) - 1) == 1, "\(length) s: still inside")
            #expect(Self.failures(in: window, at: Int64(length)) == 0, "\(length) s: past its length")
        }
    }

    @Test func longWindowsKeepSixtyBucketsAndTheirLength() {
        var window = SlidingWindow(length: .minutes(5))
        window.record(at: Self.t0) { $0.failures += 1 }
        window.record(at: Self.t0.adding(milliseconds: 200_000)) { $0.failures += 1 }
        #expect(Self.failures(in: window, at: 299) == 2)
        #expect(Self.failures(in: window, at: 300) == 1, "the first left when 5 minutes had passed")
        #expect(Self.failures(in: window, at: 500) == 0)
    }
}
