import Synchronization

/// How a child process ended.
struct ProcessExit: Sendable, Hashable {
    /// The exit status, or the signal number when `bySignal` is set.
    var status: Int32
    /// Whether a signal ended the process.
    var bySignal: Bool
}

/// The meeting point between the thread waiting for the child (``ProcessSpawn/waitForExit(of:then:)``) and the
/// task waiting for the exit, plus the record of whether Steward killed the process itself.
final class ExitSignal: Sendable {
    private struct State {
        var exit: ProcessExit?
        var waiters: [CheckedContinuation<Void, Never>] = []
        var killed = false
    }

    private let state = Mutex(State())

    /// Records the exit and wakes every waiter; later calls are ignored.
    func finish(_ exit: ProcessExit) {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            guard state.exit == nil else { return [] }
            state.exit = exit
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Suspends until the process has exited; returns at once if it already has.
    func wait() async -> ProcessExit {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let done = state.withLock { state -> Bool in
                if state.exit != nil { return true }
                state.waiters.append(continuation)
                return false
            }
            if done { continuation.resume() }
        }
        return state.withLock { $0.exit } ?? ProcessExit(status: -1, bySignal: true)
    }

    /// Whether the exit has been recorded.
    var hasExited: Bool { state.withLock { $0.exit != nil } }

    /// Whether Steward decided to kill the process.
    var wasKilled: Bool { state.withLock { $0.killed } }

    /// Marks the process as killed by Steward; false (and nothing marked) if it has already exited,
    /// so a late timer never signals a process id the system may have reused.
    func beginKill() -> Bool {
        state.withLock { state in
            guard state.exit == nil else { return false }
            state.killed = true
            return true
        }
    }
}
