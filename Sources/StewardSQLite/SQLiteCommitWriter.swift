import Foundation
import GRDB
import StewardCore

/// Applies a batch of commits in one SQLite transaction, each inside its own savepoint so that a
/// failing commit is rolled back alone.
enum SQLiteCommitWriter {
    static func apply(_ commits: [StoreCommit], in db: Database) throws -> [Result<CommitReceipt, StoreError>] {
        var heads: [String: LedgerHead] = [:]
        var touched: Set<String> = []
        var results: [Result<CommitReceipt, StoreError>] = []
        results.reserveCapacity(commits.count)
        let insertEntry = try db.cachedStatement(sql: """
            INSERT INTO ledger (tenant, seq, ts, kind, subject, actor, payload, config_revision, prev_hash, hash)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        let savepoint = try db.cachedStatement(sql: "SAVEPOINT steward_commit")
        let release = try db.cachedStatement(sql: "RELEASE SAVEPOINT steward_commit")
        let rollback = try db.cachedStatement(sql: "ROLLBACK TO SAVEPOINT steward_commit")
        for commit in commits {
            // Only a commit with conditions or state rows can fail on its own; pure appends need no savepoint.
            let isolated = !commit.preconditions.isEmpty || commit.idempotency != nil || !commit.projections.isEmpty || !commit.executions.isEmpty
            if isolated { try savepoint.execute() }
            var localHeads = heads
            do {
                try check(commit.preconditions, in: db)
                var seals: [LedgerSeal] = []
                seals.reserveCapacity(commit.drafts.count)
                for draft in commit.drafts {
                    let head = try localHeads[draft.tenant] ?? storedHead(draft.tenant, in: db)
                    let seal = LedgerHash.seal(draft, after: head)
                    try insertEntry.execute(arguments: [
                        draft.tenant, seal.seq, draft.ts.millisecondsSinceEpoch, draft.kind, draft.subject,
                        draft.actor, String(decoding: draft.canonicalPayload, as: UTF8.self), draft.configRevision,
                        seal.prevHash, seal.hash,
                    ])
                    localHeads[draft.tenant] = seal.head
                    seals.append(seal)
                }
                try write(commit.projections, prepared: commit.preparedBodies, in: db)
                try SQLiteExecutions.insert(commit.executions, in: db)
                if let record = commit.idempotency { try insert(record, in: db) }
                if isolated { try release.execute() }
                heads = localHeads
                touched.formUnion(commit.drafts.map(\.tenant))
                results.append(.success(CommitReceipt(seals: seals)))
            } catch let error as StoreError where isolated {
                try rollback.execute()
                try release.execute()
                results.append(.failure(error))
            } catch let error as DatabaseError where isolated && error.resultCode == .SQLITE_CONSTRAINT {
                try rollback.execute()
                try release.execute()
                results.append(.failure(StoreError(.conflict, operation: "commit", reason: error.message ?? "constraint violated")))
            }
        }
        let upsertHead = try db.cachedStatement(sql: """
            INSERT INTO ledger_heads (tenant, seq, hash) VALUES (?, ?, ?)
            ON CONFLICT (tenant) DO UPDATE SET seq = excluded.seq, hash = excluded.hash
            """)
        for tenant in touched {
            if let head = heads[tenant] { try upsertHead.execute(arguments: [tenant, head.seq, head.hash]) }
        }
        return results
    }

    static func storedHead(_ tenant: String, in db: Database) throws -> LedgerHead {
        let row = try Row.fetchOne(
            db.cachedStatement(sql: "SELECT seq, hash FROM ledger_heads WHERE tenant = ?"), arguments: [tenant])
        guard let row else { return .empty }
        return LedgerHead(seq: row[0], hash: row[1])
    }

    static func check(_ preconditions: [ProjectionPrecondition], in db: Database) throws {
        for condition in preconditions {
            let version = try Int64.fetchOne(
                db.cachedStatement(sql: "SELECT version FROM projections WHERE tenant = ? AND collection = ? AND id = ?"),
                arguments: [condition.tenant, condition.collection, condition.id]) ?? 0
            if version != condition.expectedVersion {
                throw StoreError(
                    .conflict, operation: "commit",
                    reason: "\(condition.collection)/\(condition.id) is at version \(version), expected \(condition.expectedVersion)")
            }
        }
    }

    static func write(_ changes: [ProjectionChange], prepared: [Int: String] = [:], in db: Database) throws {
        for (index, change) in changes.enumerated() {
            switch change {
            case .put(let doc):
                let body: String
                if let text = prepared[index] {
                    body = text
                } else {
                    do {
                        body = try CanonicalJSON.string(doc.body)
                    } catch {
                        throw StoreError(.invalid, operation: "write \(doc.collection)/\(doc.id)", reason: error.description)
                    }
                }
                // A row whose status and ref stay as they are (a heartbeat, a counter) is rewritten
                // without naming those columns, so SQLite leaves both of their indexes alone: two
                // B-tree pages fewer to write per row.
                let keep = try db.cachedStatement(sql: """
                    UPDATE projections SET body = ?, version = version + 1
                    WHERE tenant = ? AND collection = ? AND id = ? AND status IS ? AND ref IS ?
                    """)
                try keep.execute(arguments: [body, doc.tenant, doc.collection, doc.id, doc.status, doc.ref])
                if db.changesCount == 1 { continue }
                try db.cachedStatement(sql: """
                    INSERT INTO projections (tenant, collection, id, status, ref, body, version) VALUES (?, ?, ?, ?, ?, ?, 1)
                    ON CONFLICT (tenant, collection, id) DO UPDATE SET
                        status = excluded.status, ref = excluded.ref, body = excluded.body, version = version + 1
                    """).execute(arguments: [doc.tenant, doc.collection, doc.id, doc.status, doc.ref, body])
            case .remove(let tenant, let collection, let id):
                try db.cachedStatement(sql: "DELETE FROM projections WHERE tenant = ? AND collection = ? AND id = ?")
                    .execute(arguments: [tenant, collection, id])
            case .tally(let tally):
                try apply(tally, in: db)
            }
        }
    }

    /// Applies a tally to the row as it is now, inside the commit's savepoint.
    static func apply(_ tally: Tally, in db: Database) throws {
        let row = try Row.fetchOne(
            db.cachedStatement(sql: "SELECT status, ref, body FROM projections WHERE tenant = ? AND collection = ? AND id = ?"),
            arguments: [tally.tenant, tally.collection, tally.id])
        var current: JSONValue?
        if let text: String = row?[2] {
            do {
                current = try JSONReader.parse(text)
            } catch {
                throw StoreError(.corrupt, operation: "tally \(tally.collection)/\(tally.id)", reason: "stored body is not JSON: \(error)")
            }
        }
        let next = try tally.apply(to: current)
        try write([.put(ProjectionDocument(
            tenant: tally.tenant, collection: tally.collection, id: tally.id, status: row?[0], ref: row?[1], body: next))], in: db)
    }

    static func insert(_ record: IdempotencyRecord, in db: Database) throws {
        let existing = try Row.fetchOne(
            db.cachedStatement(sql: "SELECT request_hash FROM idempotency WHERE tenant = ? AND key = ?"),
            arguments: [record.tenant, record.key])
        if existing != nil {
            throw StoreError(.idempotencyConflict, operation: "commit", reason: "idempotency key '\(record.key)' was already used")
        }
        try db.cachedStatement(sql: """
            INSERT INTO idempotency (tenant, key, request_hash, status, response, created_at) VALUES (?, ?, ?, ?, ?, ?)
            """).execute(arguments: [
                record.tenant, record.key, record.requestHash, record.status, Data(record.response),
                record.createdAt.millisecondsSinceEpoch,
            ])
    }
}
