import Logging
import ServiceLifecycle
import StewardCore
import StewardSQLite

/// Opens the store `--db` names, with the services it needs running and its start-up work.
struct StoreOpening: Sendable {
    let store: any Store
    /// Services that must run while the store is used (the PostgreSQL client).
    let services: [any Service]
    /// Work done once the services run and before the server listens (migrations).
    let prepare: @Sendable () async throws -> Void

    /// Opens `location`; `readOnly` (audits) neither migrates nor writes.
    static func open(_ location: StoreLocation, readOnly: Bool = false, logger: Logger) async throws(StartupError) -> StoreOpening {
        switch location {
        case .sqlite(let path):
            do {
                let store = try readOnly ? SQLiteStore(readingOnly: path, logger: logger) : SQLiteStore(path: path, logger: logger)
                return StoreOpening(store: store, services: [], prepare: {})
            } catch {
                throw StartupError("cannot open the database \(path): \(error.reason)")
            }
        case .postgres(let url):
            return try openPostgres(url: url, migrating: !readOnly, logger: logger)
        }
    }
}
