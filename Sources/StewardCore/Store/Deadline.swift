import Synchronization

/// Waits for work at most so long, for the calls that must never hang a server: a database
/// connection that died mid-transaction without being reported closed answers nothing, ever.
public enum Deadline {
    /// The result of `work`, or nil once `sleep(limit)` has returned first. Work that outlives its
    /// deadline is cancelled and left to finish on its own; nothing waits for it.
    public static func value<T: Sendable>(
        within limit: Duration, sleep: @escaping @Sendable (Duration) async throws -> Void,
        _ work: @escaping @Sendable () async -> T
    ) async -> T? {
        let race = Race<T>()
        return await withCheckedContinuation { (continuation: CheckedContinuation<T?, Never>) in
            race.start(continuation)
            let worker = Task {
                let value = await work()
                race.answer(value)
            }
            race.time(Task {
                guard (try? await sleep(limit)) != nil else { return }
                if race.answer(nil) { worker.cancel() }
            })
        }
    }

    /// `Task.sleep`, the sleep of a running server.
    public static let taskSleep: @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }

    /// Who answers first: the work or the timer. The loser finds the continuation taken.
    private final class Race<T: Sendable>: Sendable {
        private struct State {
            var continuation: CheckedContinuation<T?, Never>?
            var timer: Task<Void, Never>?
            var answered = false
        }

        private let state = Mutex(State())

        func start(_ continuation: CheckedContinuation<T?, Never>) {
            state.withLock { $0.continuation = continuation }
        }

        /// Keeps the timer, cancelling it at once if the work has already answered.
        func time(_ timer: Task<Void, Never>) {
            let answered = state.withLock { state in
                state.timer = timer
                return state.answered
            }
            if answered { timer.cancel() }
        }

        /// Resumes the caller with `value` unless someone did; true for the first answer.
        @discardableResult
        func answer(_ value: T?) -> Bool {
            let taken = state.withLock { state -> (CheckedContinuation<T?, Never>, Task<Void, Never>?)? in
                guard !state.answered, let continuation = state.continuation else { return nil }
                state.answered = true
                state.continuation = nil
                return (continuation, state.timer)
            }
            guard let (continuation, timer) = taken else { return false }
            if value != nil { timer?.cancel() }
            continuation.resume(returning: value)
            return true
        }
    }
}
