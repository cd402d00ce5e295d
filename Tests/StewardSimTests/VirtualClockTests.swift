import Synchronization
import Testing
import StewardCore
import StewardSim

@Suite("Virtual clock")
struct VirtualClockTests {
    /// Waits (without sleeping) until `count` tasks are parked on the clock.
    func waitForSleepers(_ clock: VirtualClock, _ count: Int) async {
        while clock.sleeperCount < count { await Task.yield() }
    }

    @Test func sleepersWakeOnlyWhenTimeReachesThemInDeadlineOrder() async throws {
        let clock = VirtualClock()
        let woken = WakeLog()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (n, seconds) in [(1, 30), (2, 10), (3, 20)] {
                group.addTask {
                    try await clock.sleep(for: .seconds(seconds))
                    woken.record(n)
                }
            }
            await waitForSleepers(clock, 3)
            clock.advance(by: .seconds(5))
            for _ in 0..<50 { await Task.yield() }
            #expect(woken.order.isEmpty)
            #expect(clock.nextDeadline == clock.now.advanced(by: .seconds(5)))
            clock.advance(by: .seconds(25))
            try await group.waitForAll()
        }
        #expect(Set(woken.order) == [1, 2, 3])
    }

    @Test func wallTimeFollowsSimulatedTime() {
        let clock = VirtualClock(epoch: Timestamp(millisecondsSinceEpoch: 1_000))
        clock.advance(by: .seconds(90) + .milliseconds(250))
        #expect(clock.wallClock.now().millisecondsSinceEpoch == 91_250)
        clock.advance(to: clock.now.advanced(by: .seconds(-10)))  // the past: no effect
        #expect(clock.wallClock.now().millisecondsSinceEpoch == 91_250)
    }

    @Test func aCancelledSleeperThrowsAndLeaves() async throws {
        let clock = VirtualClock()
        let task = Task { try await clock.sleep(for: .seconds(60)) }
        await waitForSleepers(clock, 1)
        task.cancel()
        await #expect(throws: CancellationError.self) { try await task.value }
        #expect(clock.sleeperCount == 0)
    }

    @Test func aPastDeadlineDoesNotWait() async throws {
        let clock = VirtualClock()
        clock.advance(by: .seconds(10))
        try await clock.sleep(until: clock.now.advanced(by: .seconds(-1)))
        #expect(clock.sleeperCount == 0)
    }
}

/// Who woke, shared between the sleeping tasks and the test.
final class WakeLog: Sendable {
    private let woken = Mutex<[Int]>([])
    func record(_ n: Int) { woken.withLock { $0.append(n) } }
    var order: [Int] { woken.withLock { $0 } }
}
