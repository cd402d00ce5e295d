import GRDB
import GRDBSQLite
import StewardCore

/// Steps a prepared ledger scan on the raw SQLite statement and lays each row out in a
/// ``ChainChunk``: no Strings, no per-row allocation. The sequence and link checks are made here,
/// against the row before (the chain is checked in order and stops at its first fault, so the row
/// before is always the last sound one).
///
/// The statement's columns are `seq, ts, kind, subject, actor, payload, config_revision,
/// prev_hash, hash`; the tenant is the scan's own (the query filters on it byte for byte).
///
/// A reader of a later span of the chain starts without a row before: its first row is taken as
/// it is, and kept as ``entry`` for the span before to be checked against.
struct ChainRowReader {
    private let statement: SQLiteStatement
    private let tenant: [UInt8]
    private var previousSeq: Int64
    private var previousHash: [UInt8]
    private var open: Bool
    /// The first row's sequence number and link, when the reader started without a row before.
    private(set) var entry: ChainLink?
    /// A row stepped onto that did not fit the last chunk.
    private var pending = false
    private(set) var finished = false

    /// A reader checking its first row against `start`, or taking it as it is when `start` is nil.
    init(statement: SQLiteStatement, tenant: String, start: LedgerHead?) {
        self.statement = statement
        self.tenant = Array(tenant.utf8)
        self.previousSeq = start?.seq ?? 0
        self.previousHash = Array((start?.hash ?? "").utf8)
        self.open = start == nil
    }

    /// The last row read (its sequence number and stored hash), else the start; nil when the
    /// reader started without a row before and read none.
    var exit: ChainLink? { open ? nil : ChainLink(seq: previousSeq, hash: previousHash) }

    /// Empties `chunk` and fills it with the next rows, until it is full or the scan ends.
    mutating func fill(_ chunk: ChainChunk) throws(SQLiteScanError) {
        chunk.removeAll()
        while !finished, !chunk.isFull {
            if !pending {
                let code = sqlite3_step(statement)
                if code == SQLITE_DONE { finished = true; break }
                guard code == SQLITE_ROW else { throw SQLiteScanError(code: code) }
            }
            pending = !append(to: chunk)
            if pending { break }
        }
    }

    /// Lays out the current row; false if it does not fit `chunk`.
    private mutating func append(to chunk: ChainChunk) -> Bool {
        let seq = sqlite3_column_int64(statement, 0)
        let ts = sqlite3_column_int64(statement, 1)
        let kind = text(2), subject = text(3), actor = text(4), payload = text(5)
        let configRevision = text(6), prevHash = text(7), hash = text(8)
        return tenant.withUnsafeBytes { tenant in
            let textBytes = tenant.count + kind.count + subject.count + actor.count + configRevision.count
            let capacity = max(32, prevHash.count)
                + CanonicalEntryWriter.capacity(textBytes: textBytes, payloadBytes: payload.count)
            guard let out = chunk.reserve(capacity) else { return false }
            var length = 32
            if !Digest.decode32(hex: prevHash, into: out, lowercaseOnly: false) {
                // Hashed as its own bytes, as LedgerHash.hash does, so a malformed link fails
                // verification instead of stopping it.
                length = prevHash.count
                if let base = prevHash.baseAddress { out.update(from: base.assumingMemoryBound(to: UInt8.self), count: length) }
            }
            length += CanonicalEntryWriter.write(
                to: out + length, tenant: tenant, seq: seq, tsMilliseconds: ts, kind: kind, subject: subject,
                actor: actor, canonicalPayload: payload, configRevision: configRevision)
            if open {
                open = false
                entry = ChainLink(seq: seq, hash: Array(prevHash))
                previousSeq = seq &- 1
                previousHash = Array(prevHash)
            }
            let status: ChainChunk.Status
            if seq != previousSeq &+ 1 {
                status = .sequence
            } else if !Self.same(previousHash, prevHash) {
                status = .link
            } else if !Digest.decode32(hex: hash, into: chunk.nextStoredHash, lowercaseOnly: true) {
                // Only the lower-case hex of the recomputed hash matches a stored hash.
                status = .contents
            } else {
                status = .sound
            }
            chunk.append(seq: seq, length: length, status: status)
            previousSeq = seq
            if previousHash.count == hash.count, let source = hash.baseAddress {
                previousHash.withUnsafeMutableBytes { $0.baseAddress?.copyMemory(from: source, byteCount: hash.count) }
            } else {
                previousHash = Array(hash)
            }
            return true
        }
    }

    /// Whether two byte strings are equal, eight bytes at a time.
    private static func same(_ a: [UInt8], _ b: UnsafeRawBufferPointer) -> Bool {
        guard a.count == b.count else { return false }
        return a.withUnsafeBytes { a in
            guard let x = a.baseAddress, let y = b.baseAddress else { return true }
            var i = 0
            while i + 8 <= a.count {
                if x.loadUnaligned(fromByteOffset: i, as: UInt64.self) != y.loadUnaligned(fromByteOffset: i, as: UInt64.self) {
                    return false
                }
                i += 8
            }
            while i < a.count {
                if a[i] != b[i] { return false }
                i += 1
            }
            return true
        }
    }

    /// A text column's bytes, valid until the next step (empty for NULL). Through the column's
    /// value: one column lookup instead of two (`sqlite3_column_text` and `_bytes` each make one).
    /// The value is "unprotected" (no mutex), which is safe here: the connection is GRDB's, opened
    /// without mutexes, and only this scan's thread uses it meanwhile.
    private func text(_ column: Int32) -> UnsafeRawBufferPointer {
        guard let value = sqlite3_column_value(statement, column), let start = sqlite3_value_text(value) else {
            return UnsafeRawBufferPointer(start: nil, count: 0)
        }
        return UnsafeRawBufferPointer(start: start, count: Int(sqlite3_value_bytes(value)))
    }
}

/// A row's place in the chain as stored: its sequence number and a hash's text, byte for byte.
struct ChainLink: Sendable, Equatable {
    var seq: Int64
    var hash: [UInt8]
}

/// A failed step of a ledger scan.
struct SQLiteScanError: Error {
    var code: Int32
}
