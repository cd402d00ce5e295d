import Logging
import StewardPostgres
import StewardCore

extension StoreOpening {
    static func openPostgres(url: String, migrating: Bool = true, logger: Logger) throws(StartupError) -> StoreOpening {
        do {
            let store = try PostgresStore(url: url, logger: logger)
            return StoreOpening(store: store, services: [store], prepare: {
                do throws(StoreError) {
                    try await store.probe()
                } catch {
                    throw StartupError("cannot use the database \(store.endpoint): \(error.reason)")
                }
                if migrating { try await store.migrate() }
            })
        } catch {
            throw StartupError("cannot use the database \(StoreLocation.redacted(url)): \(error.reason)")
        }
    }
}
