import Logging
import PostgresNIO
import StewardCore

/// Applies a batch of commits in one PostgreSQL transaction: the I/O shell around ``BatchPlanner``.
///
/// The usual way is optimistic and costs a fixed number of round trips per batch: lock the chain
/// heads, read and lock the rows the batch checks, plan every commit in memory, write everything in
/// one statement. A refused commit (stale precondition, reused key) is refused by the planner and
/// writes nothing, so it needs no savepoint. Only when the server itself rejects the batch (another
/// replica created the same row or key at the same moment, a deadlock) is the transaction rolled
/// back and the batch replayed commit by commit, each inside its own SAVEPOINT, so the commit at
/// fault fails alone and the others land.
struct PostgresCommitWriter: Sendable {
    let client: PostgresClient
    let logger: Logger

    /// One result per commit, in order; returns once the transaction committed (or failed).
    func apply(_ commits: [StoreCommit]) async -> [Result<CommitReceipt, StoreError>] {
        do {
            return try await client.withTransaction(logger: logger) { connection in
                try await applyTogether(commits, on: connection)
            }
        } catch where PostgresFailure.isServerRefusal(error) {
            logger.notice("batch refused by PostgreSQL; replaying it commit by commit", metadata: [
                "batch_size": "\(commits.count)", "error": "\(PostgresFailure.describe(error))",
            ])
        } catch {
            return fail(commits, error)
        }
        do {
            return try await client.withTransaction(logger: logger) { connection in
                try await applyIsolated(commits, on: connection)
            }
        } catch {
            return fail(commits, error)
        }
    }

    /// The optimistic path: a fixed number of statements for the whole batch.
    private func applyTogether(_ commits: [StoreCommit], on connection: PostgresConnection) async throws -> [Result<CommitReceipt, StoreError>] {
        // Heads first, then rows, in sorted order: the same lock order on every replica.
        let heads = try await lockHeads(Self.tenants(of: commits), on: connection)
        var snapshot = try await lockRows(of: commits, on: connection)
        snapshot.heads = heads
        var planner = BatchPlanner(snapshot: snapshot)
        let results = commits.map { planner.plan($0) }
        if let statement = BatchStatements.writes(planner.writes(), heads: planner.advancedHeads) {
            try await connection.perform(statement, logger: logger)
        }
        return results
    }

    /// The careful path: each commit in its own savepoint, heads carried from one to the next.
    private func applyIsolated(_ commits: [StoreCommit], on connection: PostgresConnection) async throws -> [Result<CommitReceipt, StoreError>] {
        var heads = try await lockHeads(Self.tenants(of: commits), on: connection)
        var advanced: [String: LedgerHead] = [:]
        var results: [Result<CommitReceipt, StoreError>] = []
        results.reserveCapacity(commits.count)
        for commit in commits {
            try await connection.perform("SAVEPOINT steward_commit", logger: logger)
            do {
                var snapshot = try await lockRows(of: [commit], on: connection)
                snapshot.heads = heads
                var planner = BatchPlanner(snapshot: snapshot)
                let result = planner.plan(commit)
                if case .success = result, let statement = BatchStatements.writes(planner.writes(), heads: []) {
                    try await connection.perform(statement, logger: logger)
                }
                try await connection.perform("RELEASE SAVEPOINT steward_commit", logger: logger)
                heads = planner.currentHeads
                for (tenant, head) in planner.advancedHeads { advanced[tenant] = head }
                results.append(result)
            } catch where PostgresFailure.serverInfo(error) != nil {
                try await connection.perform("ROLLBACK TO SAVEPOINT steward_commit", logger: logger)
                try await connection.perform("RELEASE SAVEPOINT steward_commit", logger: logger)
                results.append(.failure(Self.refusal(error)))
            }
        }
        let moved = advanced.keys.sorted().compactMap { tenant in advanced[tenant].map { (tenant: tenant, head: $0) } }
        if let statement = BatchStatements.writes(BatchWrites(), heads: moved) {
            try await connection.perform(statement, logger: logger)
        }
        return results
    }

    /// Locks the chain heads of `tenants`, creating the missing ones.
    private func lockHeads(_ tenants: [String], on connection: PostgresConnection) async throws -> [String: LedgerHead] {
        guard !tenants.isEmpty else { return [:] }
        var heads = try await selectHeads(BatchStatements.lockHeads(tenants), on: connection)
        let missing = tenants.filter { heads[$0] == nil }
        if !missing.isEmpty {
            try await connection.perform(BatchStatements.createHeads(missing), logger: logger)
            heads.merge(try await selectHeads(BatchStatements.lockHeads(missing), on: connection)) { $1 }
        }
        guard heads.count == tenants.count else {
            throw StoreError(.corrupt, operation: "commit", reason: "could not lock the chain heads of \(missing)")
        }
        return heads
    }

    private func selectHeads(_ query: PostgresQuery, on connection: PostgresConnection) async throws -> [String: LedgerHead] {
        var heads: [String: LedgerHead] = [:]
        for try await (tenant, seq, hash) in try await connection.query(query, logger: logger).decode((String, Int64, String).self) {
            heads[tenant] = LedgerHead(seq: seq, hash: hash)
        }
        return heads
    }

    /// Reads (and locks) the state rows and idempotency keys the commits check or change.
    private func lockRows(of commits: [StoreCommit], on connection: PostgresConnection) async throws -> BatchSnapshot {
        var snapshot = BatchSnapshot()
        var keys: Set<ProjectionKey> = []
        var records: Set<IdempotencyKey> = []
        var tallied: Set<ProjectionKey> = []
        for commit in commits {
            for condition in commit.preconditions {
                keys.insert(ProjectionKey(tenant: condition.tenant, collection: condition.collection, id: condition.id))
            }
            for change in commit.projections {
                switch change {
                case .put(let doc): keys.insert(ProjectionKey(tenant: doc.tenant, collection: doc.collection, id: doc.id))
                case .remove(let tenant, let collection, let id): keys.insert(ProjectionKey(tenant: tenant, collection: collection, id: id))
                case .tally(let tally):
                    let key = ProjectionKey(tenant: tally.tenant, collection: tally.collection, id: tally.id)
                    keys.insert(key)
                    tallied.insert(key)
                }
            }
            if let record = commit.idempotency { records.insert(IdempotencyKey(tenant: record.tenant, key: record.key)) }
        }
        if !keys.isEmpty {
            var columns = KeyColumns()
            for key in keys.sorted() { columns.append(key) }
            let rows = try await connection.query(BatchStatements.lockVersions(columns), logger: logger)
            for try await (tenant, collection, id, version) in rows.decode((String, String, String, Int64).self) {
                snapshot.versions[ProjectionKey(tenant: tenant, collection: collection, id: id)] = version
            }
        }
        if !tallied.isEmpty {
            // Already locked above; their bodies are what the tallies add to.
            var columns = KeyColumns()
            for key in tallied.sorted() { columns.append(key) }
            let rows = try await connection.query(BatchStatements.bodies(columns), logger: logger)
            for try await (tenant, collection, id, status, ref, body) in rows.decode((String, String, String, String?, String?, String).self) {
                let parsed: JSONValue
                do {
                    parsed = try JSONReader.parse(body)
                } catch {
                    throw StoreError(.corrupt, operation: "tally \(collection)/\(id)", reason: "stored body is not JSON: \(error)")
                }
                snapshot.tallied[ProjectionKey(tenant: tenant, collection: collection, id: id)] = ProjectionDocument(
                    tenant: tenant, collection: collection, id: id, status: status, ref: ref, body: parsed)
            }
        }
        if !records.isEmpty {
            let query = BatchStatements.usedKeys(tenants: records.map(\.tenant), keys: records.map(\.key))
            for try await (tenant, key) in try await connection.query(query, logger: logger).decode((String, String).self) {
                snapshot.usedKeys.insert(IdempotencyKey(tenant: tenant, key: key))
            }
        }
        return snapshot
    }

    /// Every tenant the commits append to, sorted (the lock order).
    static func tenants(of commits: [StoreCommit]) -> [String] {
        var tenants: Set<String> = []
        for commit in commits { for draft in commit.drafts { tenants.insert(draft.tenant) } }
        return tenants.sorted()
    }

    /// What a commit the server refused inside its savepoint is told.
    static func refusal(_ error: any Error) -> StoreError {
        let reason = PostgresFailure.describe(error)
        let info = PostgresFailure.serverInfo(error)
        let state = info?[.sqlState] ?? ""
        if state == PostgresFailure.SQLState.uniqueViolation {
            switch info?[.tableName] {
            case "idempotency": return StoreError(.idempotencyConflict, operation: "commit", reason: reason)
            case "ledger": return StoreError(.corrupt, operation: "commit", reason: reason)
            default: return StoreError(.conflict, operation: "commit", reason: reason)
            }
        }
        if state.hasPrefix("22") { return StoreError(.invalid, operation: "commit", reason: reason) }
        if state.hasPrefix("23") || state.hasPrefix("40") { return StoreError(.conflict, operation: "commit", reason: reason) }
        return StoreError(.unavailable, operation: "commit", reason: reason)
    }

    private func fail(_ commits: [StoreCommit], _ error: any Error) -> [Result<CommitReceipt, StoreError>] {
        let failure = PostgresFailure.storeError(error, code: .unavailable, operation: "commit \(commits.count) to PostgreSQL")
        logger.error("group commit failed", metadata: ["batch_size": "\(commits.count)", "error": "\(failure)"])
        return Array(repeating: .failure(failure), count: commits.count)
    }
}
