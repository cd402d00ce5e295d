import Logging
import PostgresNIO
import StewardCore

/// Applies pending migrations, recording each in `steward_migrations`.
///
/// Replicas may start at once: the whole run happens in one transaction holding a transaction-level
/// advisory lock, so the second replica waits, then finds nothing left to do. PostgreSQL DDL is
/// transactional, so a failing migration leaves the schema as it was.
enum PostgresMigrator {
    static func migrate(_ client: PostgresClient, logger: Logger) async throws(StoreError) {
        do {
            try await client.withTransaction(logger: logger) { connection in
                try await connection.perform("SELECT pg_advisory_xact_lock(\(PostgresSchema.migrationLockKey))", logger: logger)
                try await connection.perform("""
                    CREATE TABLE IF NOT EXISTS steward_migrations (
                        version integer PRIMARY KEY,
                        name text NOT NULL,
                        applied_at timestamptz NOT NULL DEFAULT now()
                    )
                    """, logger: logger)
                var applied: Set<Int> = []
                let rows = try await connection.query("SELECT version FROM steward_migrations", logger: logger)
                for try await version in rows.decode(Int.self) { applied.insert(version) }
                if let newest = applied.max(), newest > PostgresSchema.latestVersion {
                    logger.warning("database schema is newer than this build", metadata: [
                        "schema_version": "\(newest)", "known_version": "\(PostgresSchema.latestVersion)",
                    ])
                }
                for migration in PostgresSchema.migrations where !applied.contains(migration.version) {
                    for statement in migration.statements { try await connection.perform(statement, logger: logger) }
                    try await connection.perform(
                        "INSERT INTO steward_migrations (version, name) VALUES (\(migration.version), \(migration.name))",
                        logger: logger)
                    logger.info("applied migration", metadata: ["version": "\(migration.version)", "name": "\(migration.name)"])
                }
            }
        } catch {
            throw PostgresFailure.storeError(error, code: .migration, operation: "migrate the PostgreSQL schema")
        }
    }

    /// Fails unless the database is reachable and at the latest schema version (for `/readyz`).
    static func check(_ client: PostgresClient, logger: Logger) async throws(StoreError) {
        let version: Int
        do {
            let rows = try await client.query("SELECT coalesce(max(version), 0) FROM steward_migrations", logger: logger)
            var found = 0
            for try await value in rows.decode(Int.self) { found = value }
            version = found
        } catch {
            if PostgresFailure.sqlState(error) == PostgresFailure.SQLState.undefinedTable {
                throw StoreError(.migration, operation: "ping PostgreSQL", reason: "the schema was never migrated")
            }
            throw PostgresFailure.storeError(error, code: .unavailable, operation: "ping PostgreSQL")
        }
        guard version >= PostgresSchema.latestVersion else {
            throw StoreError(
                .migration, operation: "ping PostgreSQL",
                reason: "the schema is at version \(version), this build needs \(PostgresSchema.latestVersion)")
        }
    }
}
