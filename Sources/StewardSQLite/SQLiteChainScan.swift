import GRDB
import StewardCore

/// Verifies a tenant's chain straight from SQLite: one statement scans the ledger in sequence
/// order into chunks while the rows already read are hashed on the other cores, so reading and
/// hashing overlap (``ChainScanPipeline``). A long chain is cut into spans scanned at once by
/// several readers, and the spans are joined in order (``join(_:tenant:start:)``).
///
/// The verdict is the one ``LedgerAudit/verifyPages(store:tenant:start:parallelism:)`` reaches (the
/// same first bad sequence number and problem). Stored text is compared byte for byte, so bytes
/// that a String would repair (invalid UTF-8 in a text column) count as altered here.
enum SQLiteChainScan {
    /// The fastest way to hash on this CPU.
    static let engine = LedgerHashBatch.Engine.fastest

    /// What one reader found in its span of the chain, in its own read transaction.
    struct Span: Sendable {
        var outcome: ChainScanPipeline.Outcome
        /// The span's first row, when the span does not start the chain: the span before must end
        /// on the row it links to.
        var entry: ChainLink?
        /// The span's last row (else its start; nil for an empty span after the first), for the
        /// span after.
        var exit: ChainLink?
        /// The head recorded in the same snapshot as the span's rows.
        var storedHead: LedgerHead
    }

    /// Verifies the chain after `start` in one read transaction: rows and recorded head come from
    /// the same snapshot, so appends made meanwhile cannot look like a truncated chain.
    static func verify(tenant: String, start: LedgerHead, in db: Database) throws -> ChainVerification {
        join([try scan(tenant: tenant, after: start.seq, through: nil, start: start, in: db)], tenant: tenant, start: start)
    }

    /// Scans the rows with sequence numbers in `(after, through]` (to the end when `through` is
    /// nil), checking the first against `start`, or taking it as it is when `start` is nil.
    static func scan(
        tenant: String, after: Int64, through: Int64?, start: LedgerHead?, in db: Database
    ) throws -> Span {
        // Pages come straight from a memory map of the file instead of one read call each; the
        // connection goes back to its page cache afterwards, so a reader's memory stays flat. (The
        // file never shrinks under a map: Steward does not vacuum.)
        try db.execute(sql: "PRAGMA mmap_size = \(mapBytes)")
        // Best effort: a connection left mapped only keeps more of the file in its memory.
        defer { _ = try? db.execute(sql: "PRAGMA mmap_size = 0") }
        return try scanRows(tenant: tenant, after: after, through: through, start: start, in: db)
    }

    /// How much of the file a scan maps (SQLite caps it at its compile-time maximum).
    static let mapBytes: Int64 = 1 << 40

    private static func scanRows(
        tenant: String, after: Int64, through: Int64?, start: LedgerHead?, in db: Database
    ) throws -> Span {
        let statement = try db.makeStatement(sql: """
            SELECT seq, ts, kind, subject, actor, payload, config_revision, prev_hash, hash
            FROM ledger WHERE tenant = ? AND seq > ? AND seq <= ? ORDER BY seq
            """)
        try statement.setArguments([tenant, after, through ?? Int64.max])
        let pipeline = ChainScanPipeline(
            reader: ChainRowReader(statement: statement.sqliteStatement, tenant: tenant, start: start), engine: engine)
        let outcome: ChainScanPipeline.Outcome
        do {
            outcome = try withExtendedLifetime(statement) { () throws(SQLiteScanError) in
                try pipeline.run(from: start ?? .empty)
            }
        } catch {
            throw DatabaseError(resultCode: ResultCode(rawValue: error.code), message: db.lastErrorMessage, sql: statement.sql)
        }
        // Read in the same transaction as the rows, so appends made meanwhile cannot look like a
        // truncated chain.
        let storedHead = try SQLiteCommitWriter.storedHead(tenant, in: db)
        return Span(outcome: outcome, entry: pipeline.entry, exit: pipeline.exit, storedHead: storedHead)
    }

    /// Where to cut the chain `(start, head]` for up to `readers` readers of at least `minimumSpan`
    /// entries each: the sequence numbers each span starts after (one cut means no split).
    static func cuts(start: Int64, head: Int64, readers: Int, minimumSpan: Int) -> [Int64] {
        let entries = head - start
        guard entries > 0 else { return [start] }
        let spans = max(1, Int(min(Int64(max(readers, 1)), entries / Int64(max(minimumSpan, 1)))))
        return (0..<spans).map { start + entries * Int64($0) / Int64(spans) }
    }

    /// The verdict over consecutive spans, the first checked against `start`: each span's first
    /// row must follow the span before's last, exactly as a single scan checks the row before.
    /// The recorded head is the last span's, whose snapshot holds every earlier span's rows
    /// (ledger rows are only ever appended).
    static func join(_ spans: [Span], tenant: String, start: LedgerHead) -> ChainVerification {
        var verifier = ChainVerifier(tenant: tenant, start: start)
        var exit = ChainLink(seq: start.seq, hash: Array(start.hash.utf8))
        for span in spans {
            if let entry = span.entry {
                let seam: ChainBreak? = entry.seq != exit.seq &+ 1
                    ? .sequence(found: entry.seq)
                    : entry.hash != exit.hash ? .link : nil
                if let seam { return verifier.finish(storedHead: nil, fault: verifier.fault(seam)) }
            }
            verifier.accept(count: span.outcome.sound, through: span.outcome.head)
            if let fault = span.outcome.fault { return verifier.finish(storedHead: nil, fault: verifier.fault(fault)) }
            if let last = span.exit { exit = last }
        }
        return verifier.finish(storedHead: spans.last?.storedHead, fault: nil)
    }
}
