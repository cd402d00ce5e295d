import Testing
import StewardCore

/// The deadline that keeps a hung database call from hanging a server: work that answers wins,
/// work that does not is abandoned when the (injected) sleep ends.
@Suite("Deadline")
struct DeadlineTests {
    /// A sleep that ends only when cancelled, so the work always answers first.
    static let never: @Sendable (Duration) async throws -> Void = { _ in
        let stream = AsyncStream<Void> { _ in }
        for await _ in stream {}
        try Task.checkCancellation()
    }

    @Test func workThatAnswersIsTheAnswer() async {
        let value = await Deadline.value(within: .seconds(30), sleep: Self.never) { 42 }
        #expect(value == 42)
    }

    @Test func workThatNeverAnswersIsAbandonedWhenTheSleepEnds() async {
        let (hung, _) = AsyncStream<Int>.makeStream()
        let value = await Deadline.value(within: .seconds(30), sleep: { _ in }) { () -> Int in
            for await n in hung { return n }
            return -1
        }
        #expect(value == nil)
    }
}
