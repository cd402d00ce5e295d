import Foundation
public import Logging
import ServiceLifecycle
import StewardConfig
public import StewardCore

/// Opens the store for a command-line tool (verify, export, keys), runs what it needs while the
/// body works, and closes it.
public enum StoreSession {
    /// Opens the store named by the options (no data directory is created), runs `body`, closes.
    /// `readOnly` (verify, export, reports) opens it without migrating or writing anything.
    public static func with<T: Sendable>(
        options: ServeOptions, readOnly: Bool = false, logger: Logger, _ body: @escaping @Sendable (any Store, String) async throws -> T
    ) async throws -> T {
        // The configuration in force (the file's, else the defaults with the environment) gives
        // the revision every entry this tool writes records, as the server's entries do.
        var dataDir = options.dataDir
        let revision: String
        do {
            let loaded = try ConfigurationLoader.load(path: options.configPath, environment: options.environment)
            dataDir = dataDir ?? loaded.configuration.server.dataDir
            revision = loaded.revision
        } catch {
            throw StartupError(error.errors.map(\.description))
        }
        let directory = dataDir ?? "./steward-data"
        let location = try StoreLocation.parse(options.database, dataDir: directory)
        if case .sqlite(let path) = location, !FileManager.default.fileExists(atPath: path) {
            throw StartupError("no Steward database at \(path) (use --data-dir or --db)")
        }
        let opened = try await StoreOpening.open(location, readOnly: readOnly, logger: logger)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            for service in opened.services { group.addTask { try await service.run() } }
            defer { group.cancelAll() }
            try await opened.prepare()
            return try await body(opened.store, revision)
        }
    }
}
