import StewardCore

/// One page of a tenant's ledger for the Ledger page, newest first, with the cursors of the pages
/// on either side.
///
/// The store reads in sequence order only (``Store/ledger(tenant:query:)``), so newest first is
/// read backwards in windows of sequence numbers: a window grows while the filters match little in
/// it and shrinks when it holds more than a read should return. A rare kind in a long ledger costs
/// a few reads, never a walk from its first entry.
struct LedgerListing: Sendable {
    /// Where a page starts.
    enum Cursor: Sendable, Hashable {
        /// The newest entries.
        case newest
        /// The newest entries before this sequence number (the "Older" link).
        case before(Int64)
        /// The oldest entries after this sequence number (the "Newer" link), shown newest first.
        case after(Int64)
    }

    /// The entries, newest first.
    let rows: [StoredLedgerRow]
    /// The `before` cursor of the next older page; nil when no older entry matches.
    let older: Int64?
    /// The `after` cursor of the next newer page; nil when no newer entry matches.
    let newer: Int64?

    /// The page at `cursor` of the entries `filters` select (its `afterSeq` is ignored: the cursor
    /// says where to start), at most `filters.limit` of them.
    static func read(
        store: any Store, tenant: String, filters: LedgerQuery, at cursor: Cursor
    ) async throws(StoreError) -> LedgerListing {
        var filters = filters
        filters.afterSeq = 0
        let size = max(1, filters.limit)
        switch cursor {
        case .newest, .before:
            let through: Int64
            if case .before(let seq) = cursor { through = seq - 1 } else { through = try await store.head(tenant: tenant).seq }
            var rows = try await newest(size + 1, through: through, store: store, tenant: tenant, filters: filters)
            let more = rows.count > size
            if more { rows.removeLast() }
            var newer: Int64?
            if case .before(let seq) = cursor, try await matches(after: seq - 1, store: store, tenant: tenant, filters: filters) {
                newer = rows.first?.seq ?? seq - 1
            }
            return LedgerListing(rows: rows, older: more ? rows.last?.seq : nil, newer: newer)
        case .after(let seq):
            var query = filters
            query.afterSeq = seq
            query.limit = size
            let page = try await store.ledger(tenant: tenant, query: query)
            let rows = Array(page.rows.reversed())
            let older = try await newest(1, through: seq, store: store, tenant: tenant, filters: filters).isEmpty ? nil : rows.last?.seq ?? seq + 1
            return LedgerListing(rows: rows, older: older, newer: page.nextCursor == nil ? nil : rows.first?.seq)
        }
    }

    /// The newest `count` entries `filters` select at or before `through`, newest first.
    static func newest(
        _ count: Int, through: Int64, store: any Store, tenant: String, filters: LedgerQuery
    ) async throws(StoreError) -> [StoredLedgerRow] {
        // A window can hold no more entries than sequence numbers, so one no wider than `cap`
        // always comes back whole; a wider one that does not is narrowed and read again.
        let cap = max(4 * count, 1000)
        var found: [StoredLedgerRow] = []
        var upper = through
        var width = Int64(count)
        while found.count < count, upper > 0 {
            let lower = max(0, upper - width)
            var query = filters
            query.afterSeq = lower
            query.throughSeq = min(upper, filters.throughSeq ?? upper)
            query.limit = cap
            let page = try await store.ledger(tenant: tenant, query: query)
            if page.nextCursor != nil, width > Int64(cap) {
                width = max(Int64(cap), width / 4)
                continue
            }
            found += page.rows.reversed()
            upper = lower
            width = min(width * 4, 1 << 40)
        }
        return Array(found.prefix(count))
    }

    /// Whether any entry `filters` select comes after `seq`.
    static func matches(after seq: Int64, store: any Store, tenant: String, filters: LedgerQuery) async throws(StoreError) -> Bool {
        var query = filters
        query.afterSeq = seq
        query.limit = 1
        return !(try await store.ledger(tenant: tenant, query: query).rows.isEmpty)
    }
}
