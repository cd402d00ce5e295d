import Logging
import StewardPostgres
import StewardCore

extension StoreOpening {
    static func openPostgres(url: String, migrating: Bool = true, logger: Logger) throws(StartupError) -> StoreOpening {
        do {
            let store = try PostgresStore(url: url, logger: logger)
            return StoreOpening(store: store, services: [store], prepare: { if migrating { try await store.migrate() } })
        } catch {
            throw StartupError("cannot use the database \(StoreLocation.redacted(url)): \(error.reason)")
        }
    }
}
