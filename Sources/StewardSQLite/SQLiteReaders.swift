import GRDB
import GRDBSQLite
import StewardCore

/// Reads ledger pages with the filters of ``LedgerQuery``.
enum SQLiteLedgerReader {
    /// Where a time-bounded read can start: just before the first entry written five minutes
    /// before `from` (found on the time index), or the query's own cursor if later. Entries are
    /// stamped by one clock as they are committed, so their times follow their order except for
    /// clock steps; the margin covers those, and `ts >= from` still filters exactly. Without this
    /// a read of the last hour of a long ledger walks the primary key from its first entry.
    static func startingSeq(tenant: String, query: LedgerQuery, in db: Database) throws -> Int64 {
        guard let from = query.from else { return query.afterSeq }
        let first = try Int64.fetchOne(
            db.cachedStatement(sql: "SELECT seq FROM ledger INDEXED BY ledger_by_ts WHERE tenant = ? AND ts >= ? ORDER BY ts LIMIT 1"),
            arguments: [tenant, from.millisecondsSinceEpoch - 300_000])
        guard let first else { return query.afterSeq }
        return max(query.afterSeq, first - 1)
    }

    /// Where a time-bounded read can stop: the last entry written up to five minutes after `to`
    /// (or the query's own bound if earlier), for the same reason as ``startingSeq``.
    static func endingSeq(tenant: String, query: LedgerQuery, in db: Database) throws -> Int64? {
        guard let to = query.to else { return query.throughSeq }
        let last = try Int64.fetchOne(
            db.cachedStatement(sql: "SELECT seq FROM ledger INDEXED BY ledger_by_ts WHERE tenant = ? AND ts < ? ORDER BY ts DESC LIMIT 1"),
            arguments: [tenant, to.millisecondsSinceEpoch + 300_000])
        // No entry before then: nothing can match.
        let bound = last ?? 0
        return query.throughSeq.map { min($0, bound) } ?? bound
    }

    static func page(tenant: String, query: LedgerQuery, in db: Database) throws -> LedgerPage {
        if let kinds = query.kinds, Set(kinds).count > 1, query.subject == nil {
            return try pageOfKinds(Set(kinds).sorted(), tenant: tenant, query: query, in: db)
        }
        // One kind: its index gives the rows in sequence order, touching only matches (the planner,
        // without statistics, would walk the whole sequence range instead).
        let index = query.kinds?.count == 1 && query.subject == nil ? " INDEXED BY ledger_by_kind" : ""
        var sql = """
            SELECT tenant, seq, ts, kind, subject, actor, payload, config_revision, prev_hash, hash
            FROM ledger\(index) WHERE tenant = ? AND seq > ?
            """
        var arguments: StatementArguments = [tenant, try startingSeq(tenant: tenant, query: query, in: db)]
        if let through = try endingSeq(tenant: tenant, query: query, in: db) { sql += " AND seq <= ?"; arguments += [through] }
        if let kinds = query.kinds, !kinds.isEmpty {
            sql += " AND kind IN (\(Array(repeating: "?", count: kinds.count).joined(separator: ",")))"
            arguments += StatementArguments(kinds)
        }
        if let subject = query.subject { sql += " AND subject = ?"; arguments += [subject] }
        if let from = query.from { sql += " AND ts >= ?"; arguments += [from.millisecondsSinceEpoch] }
        if let to = query.to { sql += " AND ts < ?"; arguments += [to.millisecondsSinceEpoch] }
        let limit = max(1, min(query.limit, 100_000))
        sql += " ORDER BY seq LIMIT ?"
        arguments += [limit + 1]
        var rows: [StoredLedgerRow] = []
        rows.reserveCapacity(min(limit + 1, 20_000))
        let statement = try db.cachedStatement(sql: sql)
        try statement.setArguments(arguments)
        // Columns straight off the statement (no Row, no DatabaseValue boxing): texts are read with
        // their byte counts, so a NUL inside one is kept, and the payload as the exact bytes stored.
        let raw = statement.sqliteStatement
        defer { sqlite3_reset(raw) }
        while true {
            let code = sqlite3_step(raw)
            if code == SQLITE_DONE { break }
            guard code == SQLITE_ROW else {
                throw DatabaseError(
                    resultCode: ResultCode(rawValue: code), message: db.lastErrorMessage, sql: sql)
            }
            rows.append(StoredLedgerRow(
                tenant: text(raw, 0), seq: sqlite3_column_int64(raw, 1),
                ts: Timestamp(millisecondsSinceEpoch: sqlite3_column_int64(raw, 2)), kind: text(raw, 3),
                subject: text(raw, 4), actor: text(raw, 5), canonicalPayload: Array(bytes(raw, 6)),
                configRevision: text(raw, 7), prevHash: text(raw, 8), hash: text(raw, 9)))
        }
        var next: Int64?
        if rows.count > limit {
            rows.removeLast()
            next = rows.last?.seq
        }
        return LedgerPage(rows: rows, nextCursor: next)
    }

    /// Several kinds: a page per kind along its index, merged in sequence order. Rows of a kind
    /// beyond its own page come after that page's last row, which is at or after the cut, so the
    /// merged page is exactly the first `limit` matches.
    static func pageOfKinds(_ kinds: [String], tenant: String, query: LedgerQuery, in db: Database) throws -> LedgerPage {
        let limit = max(1, min(query.limit, 100_000))
        var rows: [StoredLedgerRow] = []
        var more = false
        for kind in kinds {
            var single = query
            single.kinds = [kind]
            let page = try page(tenant: tenant, query: single, in: db)
            rows += page.rows
            if page.nextCursor != nil { more = true }
        }
        rows.sort { $0.seq < $1.seq }
        if rows.count > limit {
            rows.removeLast(rows.count - limit)
            more = true
        }
        return LedgerPage(rows: rows, nextCursor: more ? rows.last?.seq : nil)
    }

    private static func bytes(_ statement: SQLiteStatement, _ column: Int32) -> UnsafeRawBufferPointer {
        guard let start = sqlite3_column_text(statement, column) else { return UnsafeRawBufferPointer(start: nil, count: 0) }
        return UnsafeRawBufferPointer(start: start, count: Int(sqlite3_column_bytes(statement, column)))
    }

    private static func text(_ statement: SQLiteStatement, _ column: Int32) -> String {
        String(decoding: bytes(statement, column), as: UTF8.self)
    }
}

/// Reads state rows.
enum SQLiteProjectionReader {
    static let columns = "tenant, collection, id, status, ref, body, version"

    static func one(tenant: String, collection: String, id: String, in db: Database) throws -> ProjectionDocument? {
        let row = try Row.fetchOne(
            db.cachedStatement(sql: "SELECT \(columns) FROM projections WHERE tenant = ? AND collection = ? AND id = ?"),
            arguments: [tenant, collection, id])
        return try row.map(document)
    }

    /// Rows by key, a few hundred ids per statement (callers find rows by collection and id, not order).
    static func many(tenant: String, keys: [DocumentKey], in db: Database) throws -> [ProjectionDocument] {
        try many(tenant: tenant, keys: keys, columns: columns, in: db).map(document)
    }

    static func manyVersions(tenant: String, keys: [DocumentKey], in db: Database) throws -> [ProjectionVersion] {
        try many(tenant: tenant, keys: keys, columns: versionColumns, in: db).map(version)
    }

    static func listVersions(_ query: ProjectionQuery, in db: Database) throws -> [ProjectionVersion] {
        try list(query, columns: versionColumns, in: db).map(version)
    }

    static let versionColumns = "collection, id, version"

    static func version(_ row: Row) -> ProjectionVersion {
        ProjectionVersion(key: DocumentKey(row[0], row[1]), version: row[2])
    }

    private static func many(tenant: String, keys: [DocumentKey], columns: String, in db: Database) throws -> [Row] {
        var found: [Row] = []
        let byCollection = Dictionary(grouping: keys, by: \.collection)
        for collection in byCollection.keys.sorted() {
            let ids = Array(Set(byCollection[collection, default: []].map(\.id))).sorted()
            var start = 0
            while start < ids.count {
                let chunk = ids[start..<min(start + 500, ids.count)]
                let marks = Array(repeating: "?", count: chunk.count).joined(separator: ",")
                let sql = "SELECT \(columns) FROM projections WHERE tenant = ? AND collection = ? AND id IN (\(marks))"
                var arguments: StatementArguments = [tenant, collection]
                arguments += StatementArguments(Array(chunk))
                found += try Row.fetchAll(db.cachedStatement(sql: sql), arguments: arguments)
                start += chunk.count
            }
        }
        return found
    }

    static func list(_ query: ProjectionQuery, in db: Database) throws -> [ProjectionDocument] {
        try list(query, columns: columns, in: db).map(document)
    }

    private static func list(_ query: ProjectionQuery, columns: String, in db: Database) throws -> [Row] {
        let (sql, arguments) = listing(query, columns: columns)
        return try Row.fetchAll(db.cachedStatement(sql: sql), arguments: arguments)
    }

    /// The statement of a listing.
    static func listing(_ query: ProjectionQuery, columns: String) -> (sql: String, arguments: StatementArguments) {
        // Without statistics the planner takes the primary key to skip the sort, and so walks the
        // whole collection (every action ever stored) for a few open ones. The ref and status
        // indexes give the same id order touching only their matches.
        let index = query.ref != nil ? " INDEXED BY projections_by_ref" : query.status != nil ? " INDEXED BY projections_by_status" : ""
        var sql = "SELECT \(columns) FROM projections\(index) WHERE tenant = ? AND collection = ?"
        var arguments: StatementArguments = [query.tenant, query.collection]
        if let status = query.status { sql += " AND status = ?"; arguments += [status] }
        if let ref = query.ref { sql += " AND ref = ?"; arguments += [ref] }
        if let after = query.afterID { sql += " AND id > ?"; arguments += [after] }
        sql += " ORDER BY id LIMIT ?"
        arguments += [max(1, min(query.limit, 10_000))]
        return (sql, arguments)
    }

    static func document(_ row: Row) throws -> ProjectionDocument {
        let body: String = row[5]
        let parsed: JSONValue
        do {
            parsed = try JSONReader.parse(body)
        } catch {
            throw StoreError(.corrupt, operation: "read \(row[1] as String)/\(row[2] as String)", reason: error.description)
        }
        return ProjectionDocument(
            tenant: row[0], collection: row[1], id: row[2], status: row[3], ref: row[4], body: parsed, version: row[6])
    }
}
