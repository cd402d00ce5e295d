import Dispatch
import Foundation
import Synchronization

/// A PostgreSQL server for tests: the one `STEWARD_TEST_POSTGRES_URL` names, or else a throwaway
/// cluster started from the local server binaries, shared by the whole test process and stopped
/// (its directory deleted) when the process exits.
///
/// Each test should work in a database of its own (``randomDatabaseName()``), so tests stay
/// independent and can run in parallel on the one server.
public struct PostgresServer: Sendable {
    /// The variable naming an existing server, e.g. `postgres://steward@127.0.0.1:5432/postgres`.
    public static let environmentVariable = "STEWARD_TEST_POSTGRES_URL"

    /// What tests say when no server can be had.
    public static let unavailableMessage = "PostgreSQL binaries not found; skipping the PostgreSQL contract run"

    /// The user name.
    public let user: String
    /// The password, if the server wants one.
    public let password: String?
    /// The host (a loopback address for a throwaway server).
    public let host: String
    /// The port.
    public let port: Int
    /// The database to connect to for administration (`CREATE DATABASE`).
    public let database: String

    /// A `postgres://` URL for `database` on this server (by default the administration database).
    public func url(database: String? = nil) -> String {
        let credentials = password.map { "\(escape(user)):\(escape($0))" } ?? escape(user)
        return "postgres://\(credentials)@\(host):\(port)/\(escape(database ?? self.database))?sslmode=disable"
    }

    /// Whether a server can be had: the variable is set or the binaries exist.
    public static var isAvailable: Bool {
        ProcessInfo.processInfo.environment[environmentVariable] != nil || PostgresLauncher.findBinaries() != nil
    }

    /// A fresh database name that cannot clash with another test's.
    public static func randomDatabaseName() -> String {
        "steward_test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
    }

    /// The server of this test process, started on first use; nil where none can be had.
    /// Throws when binaries exist but the server would not start (a real failure, not a skip).
    public static func shared() async throws -> PostgresServer? {
        try await SharedServer.instance.server()
    }

    init(user: String, password: String?, host: String, port: Int, database: String) {
        self.user = user
        self.password = password
        self.host = host
        self.port = port
        self.database = database
    }

    /// Reads `postgres://user:password@host:port/database` (only the parts the tests need).
    init(url: String) throws {
        guard let parts = URLComponents(string: url), let host = parts.host, let user = parts.user,
              ["postgres", "postgresql"].contains(parts.scheme ?? "")
        else { throw LaunchError("\(Self.environmentVariable) is not a postgres://user@host:port/database URL") }
        let database = String(parts.path.drop { $0 == "/" })
        self.init(
            user: user, password: parts.password, host: host, port: parts.port ?? 5432,
            database: database.isEmpty ? "postgres" : database)
    }

    private func escape(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? text
    }
}

/// Starts the throwaway server at most once per process and stops it at exit.
private actor SharedServer {
    static let instance = SharedServer()

    /// The running cluster, for the exit handler.
    static let running = Mutex<PostgresLauncher?>(nil)

    private var starting: Task<PostgresServer?, any Error>?

    func server() async throws -> PostgresServer? {
        if let starting { return try await starting.value }
        let task = Task<PostgresServer?, any Error> {
            if let url = ProcessInfo.processInfo.environment[PostgresServer.environmentVariable] {
                return try PostgresServer(url: url)
            }
            guard let binaries = PostgresLauncher.findBinaries() else { return nil }
            // initdb and pg_ctl block for seconds: keep them off the cooperative pool.
            let launcher = try await withCheckedThrowingContinuation { continuation in
                DispatchQueue.global().async {
                    continuation.resume(with: Result { try Self.launch(binaries: binaries) })
                }
            }
            return PostgresServer(user: PostgresLauncher.user, password: nil, host: "127.0.0.1", port: launcher.port, database: "postgres")
        }
        starting = task
        return try await task.value
    }

    private static func launch(binaries: String) throws -> PostgresLauncher {
        var launcher = try PostgresLauncher(binaries: binaries)
        do {
            try launcher.start()
        } catch {
            launcher.stop()
            throw error
        }
        running.withLock { $0 = launcher }
        atexit {
            SharedServer.running.withLock { launcher in
                launcher?.stop()
                launcher = nil
            }
        }
        return launcher
    }
}
