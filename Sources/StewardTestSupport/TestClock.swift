public import StewardCore
import Synchronization

/// A wall clock that stands still until a test moves it.
public final class TestClock: WallClock {
    private let current: Mutex<Timestamp>

    /// A clock reading `start` (by default 2026-01-01T00:00:00Z).
    public init(start: Timestamp = Timestamp(millisecondsSinceEpoch: 1_767_225_600_000)) {
        current = Mutex(start)
    }

    public func now() -> Timestamp { current.withLock { $0 } }

    /// Moves the clock forward.
    public func advance(seconds: Double) {
        current.withLock { $0 = $0.adding(seconds: seconds) }
    }

    /// Sets the clock.
    public func set(_ timestamp: Timestamp) {
        current.withLock { $0 = timestamp }
    }
}
