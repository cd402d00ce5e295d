import Foundation
import Logging
import PostgresNIO
import StewardCore
import StewardEngine
import StewardPostgres
import StewardTestSupport
import Testing

/// The remediation loop on PostgreSQL: the same drill as on SQLite, on a fresh database of the
/// throwaway test server (skipped with a message where no PostgreSQL binaries exist).
@Suite struct HealingPostgresTests {
    @Test func aTimeoutIsHealedOnPostgreSQL() async throws {
        guard let server = try await PostgresServer.shared() else {
            print(PostgresServer.unavailableMessage)
            return
        }
        var logger = Logger(label: "test.healing.postgres")
        logger.logLevel = .warning
        let database = PostgresServer.randomDatabaseName()
        try await execute(#"CREATE DATABASE "\#(database)""#, on: server, logger: logger)
        let store = try PostgresStore(url: server.url(database: database), logger: logger)
        let running = Task { try await store.run() }
        defer { running.cancel() }
        try await store.migrate()

        let f = try HealingFixture(store: store)
        defer { f.close() }
        let receipt = try await f.signal("CMO", .error, errorCode: .timeout)
        #expect(receipt.state == .recovering)
        f.clock.advance(seconds: 10)
        try await f.signal("CMO")
        let incident = try await f.incident(receipt.incident)
        #expect(incident.status == .resolved)
        #expect(try await f.entries(kind: "remediation.attempt").count == 1)
        #expect(try await LedgerAudit.verify(store: store, tenant: "default").ok)
    }

    private func execute(_ sql: String, on server: PostgresServer, logger: Logger) async throws {
        let configuration = PostgresConnection.Configuration(
            host: server.host, port: server.port, username: server.user, password: server.password, database: server.database, tls: .disable)
        let connection = try await PostgresConnection.connect(configuration: configuration, id: 1, logger: logger)
        try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger)
        try await connection.close()
    }
}
