import Logging
import PostgresNIO
import StewardCore
@testable import StewardPostgres
import StewardTestSupport
import Testing

/// QA r5 (PostgreSQL) H1: a replica paused inside a transaction held its row locks, and every other
/// replica's commits waited for the whole pause. Each of the pool's sessions carries a bound on how
/// long it may sit idle in a transaction, so PostgreSQL ends a frozen one and frees its locks.
@Suite("PostgreSQL session settings")
struct PostgresSessionSettingsTests {
    @Test(.enabled(if: PostgresServer.isAvailable, Comment(rawValue: PostgresServer.unavailableMessage)))
    func everySessionBoundsHowLongItMayIdleInATransaction() async throws {
        guard let fixture = try await PostgresFixture.make() else { return }
        let store = try #require(fixture.store as? PostgresStore)
        var values: [String] = []
        for _ in 0..<3 {
            let rows = try await store.client.query("SHOW idle_in_transaction_session_timeout", logger: PostgresFixture.logger)
            for try await value in rows.decode(String.self) { values.append(value) }
        }
        await fixture.close()
        #expect(values == ["10s", "10s", "10s"])
    }
}
