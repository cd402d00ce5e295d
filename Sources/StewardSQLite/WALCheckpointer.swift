import GRDB
import GRDBSQLite
import Logging
import Synchronization

/// Copies the write-ahead log back into the database file on a connection of its own, so the one
/// writer never does it inside a commit: a checkpoint writes and syncs pages all over the file,
/// and on the writer it held up every commit queued behind it (docs/performance.md).
///
/// It watches the log through SQLite's WAL hook on the writer, which replaces SQLite's own
/// automatic checkpoint: past ``backgroundPages`` a checkpoint starts here; past
/// ``writerPages`` (this one fell behind) the writer checkpoints by itself, as SQLite would.
final class WALCheckpointer: Sendable {
    /// The log size, in pages, that starts a checkpoint here (SQLite's own default threshold).
    static let backgroundPages: Int32 = 1_000
    /// The log size, in pages, past which the writer checkpoints itself after a commit.
    static let writerPages: Int32 = 10_000

    private struct State {
        var connection: DatabaseQueue?
        var running = false
        var again = false
    }

    private let logger: Logger
    private let state = Mutex(State())

    init(logger: Logger) {
        self.logger = logger
    }

    /// Opens its connection to the database at `path`, once the store has put it in WAL mode.
    func attach(path: String) throws {
        var configuration = Configuration()
        configuration.label = "steward-checkpoint"
        let connection = try DatabaseQueue(path: path, configuration: configuration)
        state.withLock { $0.connection = connection }
    }

    /// Installs the WAL hook on the writer's connection `db`. The hook keeps an unretained
    /// reference: the store keeps this checkpointer as long as its writer.
    func watch(_ db: Database) {
        let context = Unmanaged.passUnretained(self).toOpaque()
        sqlite3_wal_hook(db.sqliteConnection, { context, handle, _, pages in
            if pages >= WALCheckpointer.writerPages {
                sqlite3_wal_checkpoint_v2(handle, nil, SQLITE_CHECKPOINT_PASSIVE, nil, nil)
            } else if pages >= WALCheckpointer.backgroundPages, let context {
                Unmanaged<WALCheckpointer>.fromOpaque(context).takeUnretainedValue().start()
            }
            return SQLITE_OK
        }, context)
    }

    /// Starts a checkpoint unless one is running, in which case another follows it.
    private func start() {
        let connection = state.withLock { state -> DatabaseQueue? in
            guard let connection = state.connection else { return nil }
            if state.running {
                state.again = true
                return nil
            }
            state.running = true
            return connection
        }
        guard let connection else { return }
        Task.detached { [self] in await run(on: connection) }
    }

    private func run(on connection: DatabaseQueue) async {
        while true {
            do {
                // PASSIVE copies what no reader still needs and never waits for the writer.
                _ = try await connection.writeWithoutTransaction { db in try db.checkpoint(.passive) }
            } catch {
                logger.warning("WAL checkpoint failed; the writer checkpoints by itself past its threshold", metadata: ["error": "\(error)"])
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
