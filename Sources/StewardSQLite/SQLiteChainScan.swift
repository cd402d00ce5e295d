import Foundation
import GRDB
import StewardCore

/// Verifies a tenant's chain straight from SQLite, in one read transaction: one statement scans
/// the ledger in sequence order into chunks while the rows already read are hashed on the other
/// cores, so reading and hashing overlap (``ChainScanPipeline``).
///
/// The verdict is the one ``LedgerAudit/verifyPages(store:tenant:start:parallelism:)`` reaches (the
/// same first bad sequence number and problem). Stored text is compared byte for byte, so bytes
/// that a String would repair (invalid UTF-8 in a text column) count as altered here.
enum SQLiteChainScan {
    /// The faster way to hash on this CPU: vector lanes, unless swift-crypto has SHA instructions
    /// to use (x86 SHA-NI; arm64 servers and Macs have SHA-256 instructions too).
    static let engine: LedgerHashBatch.Engine = {
        #if arch(x86_64) && os(Linux)
        let cpu = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        return cpu.contains(" sha_ni") ? .oneAtATime : .lanes
        #else
        return .oneAtATime
        #endif
    }()

    static func verify(tenant: String, start: LedgerHead, in db: Database) throws -> ChainVerification {
        let statement = try db.makeStatement(sql: """
            SELECT seq, ts, kind, subject, actor, payload, config_revision, prev_hash, hash
            FROM ledger WHERE tenant = ? AND seq > ? ORDER BY seq
            """)
        try statement.setArguments([tenant, start.seq])
        let outcome: ChainScanPipeline.Outcome
        do {
            let reader = ChainRowReader(statement: statement.sqliteStatement, tenant: tenant, start: start)
            outcome = try withExtendedLifetime(statement) { () throws(SQLiteScanError) in
                try ChainScanPipeline(reader: reader, engine: engine).run(from: start)
            }
        } catch {
            throw DatabaseError(resultCode: ResultCode(rawValue: error.code), message: db.lastErrorMessage, sql: statement.sql)
        }
        var verifier = ChainVerifier(tenant: tenant, start: start)
        verifier.accept(count: outcome.sound, through: outcome.head)
        let fault = outcome.fault.map { verifier.fault($0) }
        // Read in the same transaction as the rows, so appends made meanwhile cannot look like a
        // truncated chain.
        let storedHead = try SQLiteCommitWriter.storedHead(tenant, in: db)
        return verifier.finish(storedHead: storedHead, fault: fault)
    }
}
