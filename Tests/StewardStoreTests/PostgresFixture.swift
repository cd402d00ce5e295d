import Logging
import PostgresNIO
import StewardCore
import StewardPostgres
import StewardTestSupport

/// PostgreSQL fixtures for the contract: a fresh database on the shared test server per fixture,
/// a running, migrated ``PostgresStore`` on it, and a raw connection for tampering.
enum PostgresFixture {
    static let logger: Logger = {
        var logger = Logger(label: "steward.test.postgres")
        logger.logLevel = .warning
        return logger
    }()

    static func make() async throws -> StoreFixture? {
        guard let server = try await PostgresServer.shared() else { return nil }
        let database = try await createDatabase(on: server)
        let store = try PostgresStore(url: server.url(database: database), logger: logger)
        let running = Task { try await store.run() }
        do {
            try await store.migrate()
        } catch {
            running.cancel()
            throw error
        }
        return StoreFixture(
            store: store,
            tamper: { sql in try await execute(PostgresQuery(unsafeSQL: sql), on: server, database: database) },
            close: {
                running.cancel()
                _ = await running.result
                try? await execute(PostgresQuery(unsafeSQL: #"DROP DATABASE "\#(database)" WITH (FORCE)"#), on: server)
            })
    }

    /// A new, empty database with a random name (which is why it may be spliced into the SQL).
    static func createDatabase(on server: PostgresServer) async throws -> String {
        let name = PostgresServer.randomDatabaseName()
        try await execute(PostgresQuery(unsafeSQL: #"CREATE DATABASE "\#(name)""#), on: server)
        return name
    }

    /// Runs one statement on its own short-lived connection (administration or tampering).
    static func execute(_ query: PostgresQuery, on server: PostgresServer, database: String? = nil) async throws {
        let configuration = PostgresConnection.Configuration(
            host: server.host, port: server.port, username: server.user, password: server.password,
            database: database ?? server.database, tls: .disable)
        let connection = try await PostgresConnection.connect(configuration: configuration, id: 1, logger: logger)
        do {
            try await connection.query(query, logger: logger)
        } catch {
            try? await connection.close()
            throw error
        }
        try await connection.close()
    }
}
