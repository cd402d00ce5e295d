import Logging
import PostgresNIO
import StewardTestSupport

/// Raw SQL for PostgreSQL tests: what another session (or an operator) would do beside Steward.
enum PostgresQueries {
    static func connect(to server: PostgresServer, database: String) async throws -> PostgresConnection {
        let configuration = PostgresConnection.Configuration(
            host: server.host, port: server.port, username: server.user, password: server.password,
            database: database, tls: .disable)
        return try await PostgresConnection.connect(configuration: configuration, id: 2, logger: PostgresFixture.logger)
    }

    /// A connection with an open transaction; the caller commits and closes it.
    static func begin(on server: PostgresServer, database: String) async throws -> PostgresConnection {
        let connection = try await connect(to: server, database: database)
        try await connection.query("BEGIN", logger: PostgresFixture.logger)
        return connection
    }

    /// The integer a one-row, one-column query answers.
    static func int(_ sql: String, on server: PostgresServer, database: String) async throws -> Int {
        let connection = try await connect(to: server, database: database)
        var value = 0
        do {
            let rows = try await connection.query(PostgresQuery(unsafeSQL: sql), logger: PostgresFixture.logger)
            for try await number in rows.decode(Int.self) { value = number }
        } catch {
            try? await connection.close()
            throw error
        }
        try await connection.close()
        return value
    }

    /// Waits (up to ten seconds) until `count` sessions of the database wait for a lock.
    static func waitForLockWaiters(_ count: Int, on server: PostgresServer, database: String) async throws {
        let sql = "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
        for _ in 0..<200 {
            if try await int(sql, on: server, database: database) >= count { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw PostgresQueryTimeout()
    }
}

/// No session started waiting for a lock in time.
struct PostgresQueryTimeout: Error {}
