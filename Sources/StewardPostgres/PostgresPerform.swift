import Logging
import PostgresNIO

extension PostgresConnection {
    /// Runs a statement to completion, surfacing its error.
    ///
    /// postgres-nio hands back a statement's row stream as soon as its rows are described; an error
    /// raised while they are produced (a constraint broken by a `WITH ... INSERT ... SELECT 1`)
    /// arrives only through that stream. Left unread it would be lost, the transaction would be
    /// aborted, and the COMMIT after it would quietly roll back what callers were told had landed.
    func perform(_ query: PostgresQuery, logger: Logger) async throws {
        for try await _ in try await self.query(query, logger: logger) {}
    }
}

extension PostgresClient {
    /// Runs a statement on a pooled connection to completion, surfacing its error.
    func perform(_ query: PostgresQuery, logger: Logger) async throws {
        for try await _ in try await self.query(query, logger: logger) {}
    }
}
