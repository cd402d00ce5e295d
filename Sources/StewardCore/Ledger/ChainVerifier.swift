/// A ledger row as stored: the payload kept as the exact canonical bytes that were hashed.
public struct StoredLedgerRow: Sendable, Hashable {
    public var tenant: String
    public var seq: Int64
    public var ts: Timestamp
    public var kind: String
    public var subject: String
    public var actor: String
    public var canonicalPayload: [UInt8]
    public var configRevision: String
    public var prevHash: String
    public var hash: String

    /// A row as read from a store.
    public init(
        tenant: String, seq: Int64, ts: Timestamp, kind: String, subject: String, actor: String,
        canonicalPayload: [UInt8], configRevision: String, prevHash: String, hash: String
    ) {
        self.tenant = tenant
        self.seq = seq
        self.ts = ts
        self.kind = kind
        self.subject = subject
        self.actor = actor
        self.canonicalPayload = canonicalPayload
        self.configRevision = configRevision
        self.prevHash = prevHash
        self.hash = hash
    }

    /// The hash this row's contents and link should have.
    public var recomputedHash: String {
        LedgerHash.hash(
            prevHash: prevHash,
            canonicalEntry: LedgerHash.canonicalBytes(
                tenant: tenant, seq: seq, ts: ts, kind: kind, subject: subject, actor: actor,
                canonicalPayload: canonicalPayload, configRevision: configRevision))
    }

    /// The row as a ledger entry, with its payload parsed.
    public func entry() throws(JSONReadError) -> LedgerEntry {
        LedgerEntry(
            tenant: tenant, seq: seq, ts: ts, kind: kind, subject: subject, actor: actor,
            payload: try JSONReader.parse(canonicalPayload), configRevision: configRevision,
            prevHash: prevHash, hash: hash)
    }
}

/// Walks a chain in sequence order and reports the first entry that breaks it.
///
/// Pure: it is fed rows (with hashes it may have recomputed in parallel) and keeps only the
/// expected next sequence number and link.
public struct ChainVerifier: Sendable {
    /// The tenant being verified.
    public let tenant: String
    private(set) var expected: LedgerHead
    private(set) var checked: Int64 = 0

    /// A verifier starting after `start` (``LedgerHead/empty``, or a retention checkpoint).
    public init(tenant: String, start: LedgerHead = .empty) {
        self.tenant = tenant
        self.expected = start
    }

    /// Checks the next row; `recomputed` is its recomputed hash. Returns the fault, if any.
    public mutating func check(_ row: StoredLedgerRow, recomputed: String) -> ChainFault? {
        check(row, contentsMatch: recomputed == row.hash)
    }

    /// Checks the next row, given whether its contents hash to its stored `hash` (as
    /// ``StoredLedgerRow/contentsMatchHash`` decides). Returns the fault, if any.
    public mutating func check(_ row: StoredLedgerRow, contentsMatch: Bool) -> ChainFault? {
        if row.seq != expected.seq + 1 { return fault(.sequence(found: row.seq)) }
        if row.prevHash != expected.hash { return fault(.link) }
        if !contentsMatch { return fault(.contents) }
        expected = LedgerHead(seq: row.seq, hash: row.hash)
        checked += 1
        return nil
    }

    /// The fault for a break at the entry after the last sound one, worded as ``check(_:recomputed:)``
    /// words it; for scans that compare raw stored bytes and only need the verdict's text.
    public func fault(_ kind: ChainBreak) -> ChainFault {
        let next = expected.seq + 1
        switch kind {
        case .sequence(let found):
            let problem = found > next
                ? "entries \(next)...\(found - 1) are missing"
                : "entry \(found) is out of order after \(expected.seq)"
            return ChainFault(seq: next, problem: problem)
        case .link:
            return ChainFault(seq: next, problem: "its previous hash does not match entry \(expected.seq)")
        case .contents:
            return ChainFault(seq: next, problem: "its contents do not match its hash (altered)")
        }
    }

    /// Records `count` entries that a scan verified itself, the last of them being `head`
    /// (`head.seq` is the last sound sequence number, `count` entries after the previous one).
    public mutating func accept(count: Int64, through head: LedgerHead) {
        guard count > 0 else { return }
        expected = head
        checked += count
    }

    /// The verdict once every row was fed in; `storedHead` is the head the store recorded, which
    /// catches entries removed from the end of the chain.
    public func finish(storedHead: LedgerHead?, fault: ChainFault?) -> ChainVerification {
        var fault = fault
        if fault == nil, let storedHead, storedHead.seq > expected.seq {
            fault = ChainFault(seq: expected.seq + 1, problem: "entries \(expected.seq + 1)...\(storedHead.seq) are missing")
        } else if fault == nil, let storedHead, storedHead.seq == 0, expected.seq > 0 {
            fault = ChainFault(seq: expected.seq, problem: "no chain head is recorded for entries up to \(expected.seq): the head row was removed")
        } else if fault == nil, let storedHead, storedHead != expected {
            fault = ChainFault(seq: storedHead.seq, problem: "the recorded chain head does not match the last entry")
        }
        return ChainVerification(tenant: tenant, entriesChecked: checked, head: expected, fault: fault)
    }
}

/// How an entry breaks its chain, in the order the checks run.
public enum ChainBreak: Sendable, Hashable {
    /// Its sequence number (`found`) is not the next one: entries were deleted or reordered.
    case sequence(found: Int64)
    /// Its previous hash is not the previous entry's hash.
    case link
    /// Its contents do not hash to its stored hash: it was altered.
    case contents
}

/// The first place a chain is broken.
public struct ChainFault: Sendable, Hashable, Codable, Error {
    /// The first bad sequence number.
    public var seq: Int64
    /// What is wrong there.
    public var problem: String

    /// The fault at `seq`, described by `problem`.
    public init(seq: Int64, problem: String) {
        self.seq = seq
        self.problem = problem
    }
}

/// The outcome of verifying one tenant's chain.
public struct ChainVerification: Sendable, Hashable, Codable {
    /// The tenant verified.
    public var tenant: String
    /// How many entries were checked and found sound.
    public var entriesChecked: Int64
    /// The last sound entry.
    public var head: LedgerHead
    /// The first fault, or nil when the chain is intact.
    public var fault: ChainFault?

    /// Whether the chain is intact.
    public var ok: Bool { fault == nil }
}
