import ArgumentParser
import Foundation
import Hummingbird
import Logging
import StewardApp
import StewardCore
import StewardEngine

/// `steward serve`: the API and the Control Center on one process.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run Steward: the HTTP API, the Control Center, the ledger and the engine.",
        discussion: """
            Reads steward.yaml (--config) and the environment, opens the store, and listens. With \
            no --db the store is a SQLite file (WAL mode) in the data directory; with a \
            postgres:// URL several replicas can share one PostgreSQL database.

            On the first start Steward creates the tenants of the configuration and an admin API \
            key for the first one, prints the key once and writes it to <data-dir>/admin.key \
            (mode 0600). Send it as 'Authorization: Bearer <key>', or sign in to the Control \
            Center at http://<host>:<port>/ui with it (or with any operator key).

            A bad configuration, an unusable data directory or database, or a port in use stops \
            Steward before it listens, with one line per problem and a non-zero exit. SIGINT and \
            SIGTERM stop it gracefully: requests in flight finish and their ledger writes are \
            committed before it exits with status 0.

            Examples:
              steward serve
              steward serve --config examples/steward.yaml --port 9090
              steward serve --db postgres://steward:secret@127.0.0.1:5432/steward
            """)

    @OptionGroup var store: StoreArguments

    @Option(name: .long, help: "The address to listen on (default 127.0.0.1).")
    var host: String?

    @Option(name: .long, help: "The port to listen on (default 8080; 0 picks a free one).")
    var port: Int?

    @Flag(name: .customLong("no-auth"), help: "Accept requests without an API key as the admin of the first configured tenant (default: 'default'). Refused unless --host is a loopback address.")
    var noAuth = false

    @Option(name: .customLong("clock-start"), help: "Run with the clock shifted to start at this RFC 3339 time (drills and simulations that need history).")
    var clockStart: String?

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical.")
    var logLevel: String = "info"

    @Flag(name: .customLong("reindex-actions"), help: "At start, write every stored action's row in the index by agent again, with its status now (once no replica of a build before 2026-12-07 serves the same database: actions such a replica settled may otherwise be missing from listings by agent).")
    var reindexActions = false

    func run() async throws {
        // A usage error like any other bad option (exit 64), not a failed start (exit 1).
        if let port, !(0...65535).contains(port) { throw ValidationError("--port must be 0 to 65535 (0 picks a free one), not \(port)") }
        guard let level = Logger.Level(rawValue: logLevel) else {
            throw ValidationError("--log-level must be one of trace, debug, info, notice, warning, error, critical")
        }
        var clock = SystemClock()
        if let clockStart {
            guard let start = Timestamp(rfc3339: clockStart) else { throw ValidationError("--clock-start must be an RFC 3339 time such as 2026-05-01T00:00:00Z") }
            clock = SystemClock(startingAt: start)
        }
        var logger = Logger(label: "steward")
        logger.logLevel = level
        var options = ServeOptions(
            configPath: store.config, host: host, port: port, dataDir: store.dataDir, database: store.database,
            noAuth: noAuth, environment: ProcessInfo.processInfo.environment)
        options.reindexActions = reindexActions
        let built: StewardApplication.Built
        do {
            built = try await StewardApplication.build(options: options, logger: logger, clock: clock) { token, path in
                // Standard output carries the key alone, so scripts can capture it.
                FileHandle.standardOutput.write(Data("Created the first admin API key (shown once; also in \(path)):\n  \(token)\n".utf8))
            }
        } catch {
            for problem in error.problems { StandardError.line("steward: \(problem)") }
            throw ExitCode.failure
        }
        do {
            try await built.app.runService()
            // Said, so a journal tells a clean stop from a crash: runService returns only after a
            // shutdown signal, once the requests in flight were answered and the services stopped.
            logger.notice("Steward stopped: shutdown signal received, requests in flight answered, services stopped")
        } catch {
            StandardError.line("steward: \(error)")
            throw ExitCode.failure
        }
    }
}
