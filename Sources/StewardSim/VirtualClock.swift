public import StewardCore
import Synchronization

/// Simulated time: a `Clock` whose sleepers wake only when the simulation advances it.
///
/// The scheduler and every periodic job take their time from a `Clock`, so under this clock a
/// simulated week runs as fast as the work itself, and tests never sleep. Its ``wallClock`` gives
/// the same simulated moment as a ``WallClock``, so ledger timestamps follow simulated time.
public final class VirtualClock: Clock, Sendable {
    /// A moment of simulated time.
    public struct Instant: InstantProtocol, Sendable {
        /// Time since the simulation's epoch.
        public var offset: Duration

        public func advanced(by duration: Duration) -> Instant { Instant(offset: offset + duration) }
        public func duration(to other: Instant) -> Duration { other.offset - offset }
        public static func < (a: Instant, b: Instant) -> Bool { a.offset < b.offset }
    }

    private struct Sleeper {
        let id: UInt64
        let deadline: Instant
        let continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var now = Instant(offset: .zero)
        var sleepers: [Sleeper] = []
        var nextID: UInt64 = 0
    }

    private let state = Mutex(State())
    /// The wall-clock time of the simulation's epoch.
    public let epoch: Timestamp

    /// A clock starting at `epoch` (by default 2026-01-05T00:00:00Z, a Monday).
    public init(epoch: Timestamp = Timestamp(millisecondsSinceEpoch: 1_767_571_200_000)) {
        self.epoch = epoch
    }

    public var now: Instant { state.withLock { $0.now } }
    public var minimumResolution: Duration { .milliseconds(1) }

    /// The simulated moment as a wall-clock timestamp.
    public var timestamp: Timestamp {
        let offset = state.withLock { $0.now.offset }
        let (seconds, attoseconds) = offset.components
        return epoch.adding(milliseconds: seconds * 1000 + attoseconds / 1_000_000_000_000_000)
    }

    /// This clock as the wall clock of the engine and the ledger.
    public var wallClock: VirtualWallClock { VirtualWallClock(clock: self) }

    /// How many tasks are waiting on this clock.
    public var sleeperCount: Int { state.withLock { $0.sleepers.count } }

    /// The earliest deadline anyone waits for, so a simulation can jump straight to it.
    public var nextDeadline: Instant? { state.withLock { $0.sleepers.map(\.deadline).min() } }

    public func sleep(until deadline: Instant, tolerance: Duration? = nil) async throws {
        try Task.checkCancellation()
        let id = state.withLock { state -> UInt64 in
            state.nextID += 1
            return state.nextID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let wakeNow = state.withLock { state -> Bool in
                    if deadline <= state.now { return true }
                    state.sleepers.append(Sleeper(id: id, deadline: deadline, continuation: continuation))
                    return false
                }
                if wakeNow { continuation.resume() }
            }
        } onCancel: {
            let cancelled = state.withLock { state -> Sleeper? in
                guard let index = state.sleepers.firstIndex(where: { $0.id == id }) else { return nil }
                return state.sleepers.remove(at: index)
            }
            cancelled?.continuation.resume(throwing: CancellationError())
        }
    }

    /// Moves time forward and wakes, in deadline order, everyone whose deadline has come.
    public func advance(by duration: Duration) {
        precondition(duration >= .zero, "simulated time only moves forward")
        let due = state.withLock { state -> [Sleeper] in
            state.now = state.now.advanced(by: duration)
            let now = state.now
            let due = state.sleepers.filter { $0.deadline <= now }.sorted { ($0.deadline, $0.id) < ($1.deadline, $1.id) }
            state.sleepers.removeAll { $0.deadline <= now }
            return due
        }
        for sleeper in due { sleeper.continuation.resume() }
    }

    /// Moves time to `instant` (no effect if it is in the past).
    public func advance(to instant: Instant) {
        let current = now
        if instant > current { advance(by: current.duration(to: instant)) }
    }
}

private func < (a: (VirtualClock.Instant, UInt64), b: (VirtualClock.Instant, UInt64)) -> Bool {
    a.0 < b.0 || (a.0 == b.0 && a.1 < b.1)
}

/// A ``VirtualClock`` read as wall-clock time.
public struct VirtualWallClock: WallClock {
    let clock: VirtualClock

    public func now() -> Timestamp { clock.timestamp }
}
