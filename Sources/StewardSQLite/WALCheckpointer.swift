import GRDB
import Logging
import Synchronization

/// Copies the write-ahead log back into the database file on a connection of its own, after
/// commits, so the one writer never does it inside a commit: a checkpoint writes and syncs pages
/// all over the file, and on the writer it held up every commit waiting behind it
/// (docs/performance.md, "Execution telemetry"). The writer still checkpoints by itself past
/// ``SQLiteStore/writerCheckpointPages``, should this fall behind.
final class WALCheckpointer: Sendable {
    /// The shortest time between two checkpoints: under load each one copies a batch of commits.
    static let interval = Duration.milliseconds(100)

    private struct State {
        var running = false
        var again = false
    }

    private let connection: DatabaseQueue
    private let logger: Logger
    private let state = Mutex(State())

    /// A checkpointer for the database at `path`, which must already be in WAL mode.
    init(path: String, logger: Logger) throws {
        var configuration = Configuration()
        configuration.label = "steward-checkpoint"
        connection = try DatabaseQueue(path: path, configuration: configuration)
        self.logger = logger
    }

    /// Tells it that commits were written: a checkpoint follows, at most one at a time.
    func committed() {
        let start = state.withLock { state -> Bool in
            if state.running {
                state.again = true
                return false
            }
            state.running = true
            return true
        }
        guard start else { return }
        Task.detached { [self] in await run() }
    }

    private func run() async {
        while true {
            try? await Task.sleep(for: Self.interval)
            do {
                // PASSIVE copies what no reader still needs and never waits for the writer.
                _ = try await connection.writeWithoutTransaction { db in try db.checkpoint(.passive) }
            } catch {
                logger.warning("WAL checkpoint failed; the writer checkpoints by itself", metadata: ["error": "\(error)"])
            }
            let more = state.withLock { state -> Bool in
                if state.again {
                    state.again = false
                    return true
                }
                state.running = false
                return false
            }
            if !more { return }
        }
    }
}
