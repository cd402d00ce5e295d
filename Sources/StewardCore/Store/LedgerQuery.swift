/// A filtered, paged read of one tenant's ledger, in sequence order.
public struct LedgerQuery: Sendable, Hashable {
    /// Only entries after this sequence number (the cursor of the previous page).
    public var afterSeq: Int64
    /// Only entries up to this sequence number.
    public var throughSeq: Int64?
    /// Only entries of these kinds.
    public var kinds: [String]?
    /// Only entries about this subject.
    public var subject: String?
    /// Only entries at or after this time.
    public var from: Timestamp?
    /// Only entries before this time.
    public var to: Timestamp?
    /// At most this many entries.
    public var limit: Int

    /// A query; by default the first 100 entries.
    public init(
        afterSeq: Int64 = 0, throughSeq: Int64? = nil, kinds: [String]? = nil, subject: String? = nil,
        from: Timestamp? = nil, to: Timestamp? = nil, limit: Int = 100
    ) {
        self.afterSeq = afterSeq
        self.throughSeq = throughSeq
        self.kinds = kinds
        self.subject = subject
        self.from = from
        self.to = to
        self.limit = limit
    }
}

/// One page of ledger rows and the cursor of the next page.
public struct LedgerPage: Sendable {
    /// The rows, in sequence order.
    public var rows: [StoredLedgerRow]
    /// The `afterSeq` of the next page, or nil when this was the last.
    public var nextCursor: Int64?

    /// A page of rows.
    public init(rows: [StoredLedgerRow], nextCursor: Int64?) {
        self.rows = rows
        self.nextCursor = nextCursor
    }
}
