import GRDB
import GRDBSQLite
public import StewardCore

/// Execution records in SQLite: written inside a group commit, read by page, by id and as columns.
/// A record whose (tenant, id) is stored already refuses its commit (`conflict`), so a commit that
/// returned stored every record it carried.
enum SQLiteExecutions {
    static let insertSQL = """
        INSERT INTO executions (tenant, id, skill, start_ms, end_ms, ok, latency_ms, cost_usd, tokens, quota_pct, tier, body)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """

    static func insert(_ rows: [ExecutionRow], in db: Database) throws {
        guard !rows.isEmpty else { return }
        // Bound and stepped on the raw statement: a batch is a thousand rows, and boxing each
        // argument as a DatabaseValue cost more than SQLite's own insert.
        let raw = try db.cachedStatement(sql: insertSQL).sqliteStatement
        defer { sqlite3_reset(raw) }
        for row in rows {
            sqlite3_reset(raw)
            bind(row.tenant, at: 1, of: raw)
            bind(row.id, at: 2, of: raw)
            bind(row.skill, at: 3, of: raw)
            sqlite3_bind_int64(raw, 4, row.startMs)
            sqlite3_bind_int64(raw, 5, row.endMs)
            sqlite3_bind_int64(raw, 6, row.succeeded ? 1 : 0)
            sqlite3_bind_int64(raw, 7, row.latencyMs)
            if let cost = row.costUSD { sqlite3_bind_double(raw, 8, cost) } else { sqlite3_bind_null(raw, 8) }
            sqlite3_bind_int64(raw, 9, row.tokens)
            if let pct = row.quotaPct { sqlite3_bind_double(raw, 10, pct) } else { sqlite3_bind_null(raw, 10) }
            if let tier = row.tier { bind(tier, at: 11, of: raw) } else { sqlite3_bind_null(raw, 11) }
            bind(row.body, at: 12, of: raw)
            let code = sqlite3_step(raw)
            guard code == SQLITE_DONE else {
                throw DatabaseError(resultCode: ResultCode(rawValue: code), message: db.lastErrorMessage, sql: insertSQL)
            }
        }
    }

    /// Binds `text` as TEXT, copied by SQLite (so the String's storage need not outlive the call).
    private static func bind(_ text: String, at index: Int32, of statement: SQLiteStatement) {
        var text = text
        text.withUTF8 { bytes in
            // An empty buffer has no address, and a null pointer would bind NULL instead of ''.
            guard let base = bytes.baseAddress else { sqlite3_bind_text(statement, index, "", 0, transient); return }
            sqlite3_bind_text(statement, index, base, Int32(bytes.count), transient)
        }
    }

    /// SQLITE_TRANSIENT, which Swift does not import: SQLite copies the bound bytes.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    static func page(tenant: String, query: ExecutionQuery, in db: Database) throws -> ExecutionPage {
        var sql = "SELECT seq, body FROM executions WHERE tenant = ? AND seq > ?"
        var arguments: StatementArguments = [tenant, query.after]
        if let skill = query.skill {
            sql += " AND skill = ?"
            arguments += [skill]
        }
        if let from = query.from {
            sql += " AND start_ms >= ?"
            arguments += [from.millisecondsSinceEpoch]
        }
        if let to = query.to {
            sql += " AND start_ms < ?"
            arguments += [to.millisecondsSinceEpoch]
        }
        if let succeeded = query.succeeded {
            sql += " AND ok = ?"
            arguments += [succeeded]
        }
        let limit = max(1, query.limit)
        sql += " ORDER BY seq LIMIT ?"
        arguments += [limit + 1]
        var rows: [(position: Int64, body: String)] = []
        let cursor = try Row.fetchCursor(db.cachedStatement(sql: sql), arguments: arguments)
        while let row = try cursor.next() { rows.append((row[0], row[1])) }
        let more = rows.count > limit
        if more { rows.removeLast() }
        return ExecutionPage(rows: rows, next: more ? rows.last?.position : nil)
    }

    static func samples(tenant: String, skill: String, from: Timestamp, to: Timestamp, in db: Database) throws -> ExecutionSamples {
        var samples = ExecutionSamples()
        let cursor = try Row.fetchCursor(db.cachedStatement(sql: """
            SELECT ok, latency_ms, cost_usd, tokens, quota_pct, tier FROM executions
            WHERE tenant = ? AND skill = ? AND start_ms >= ? AND start_ms < ?
            """), arguments: [tenant, skill, from.millisecondsSinceEpoch, to.millisecondsSinceEpoch])
        while let row = try cursor.next() {
            let tokens: Int64 = row[3]
            samples.succeeded.append(row[0])
            samples.latencyMs.append(row[1])
            samples.tokens.append(tokens)
            if let cost: Double = row[2] { samples.costUSD.append(cost) }
            if let pct: Double = row[4], tokens > 0 { samples.quotaPctPerToken.append(pct / Double(tokens)) }
            samples.tiers[(row[5] as String?) ?? "unknown", default: 0] += 1
        }
        return samples
    }

    /// The fields that have no column of their own come out of the body.
    static func facts(tenant: String, skill: String?, from: Timestamp, to: Timestamp, in db: Database) throws -> [ExecutionFact] {
        var sql = """
            SELECT skill, json_extract(body, '$.routing_strategy'), json_extract(body, '$.provider'), start_ms, end_ms, ok, latency_ms,
                   cost_usd, tier, quota_pct, json_extract(body, '$.free_tier_quota_remaining'), tokens
            FROM executions WHERE tenant = ?
            """
        var arguments: StatementArguments = [tenant]
        if let skill {
            sql += " AND skill = ?"
            arguments += [skill]
        }
        sql += " AND start_ms >= ? AND start_ms < ? ORDER BY seq"
        arguments += [from.millisecondsSinceEpoch, to.millisecondsSinceEpoch]
        var facts: [ExecutionFact] = []
        let cursor = try Row.fetchCursor(db.cachedStatement(sql: sql), arguments: arguments)
        while let row = try cursor.next() {
            facts.append(ExecutionFact(
                skill: row[0], strategy: row[1], provider: row[2], startMs: row[3], endMs: row[4], succeeded: row[5], latencyMs: row[6],
                costUSD: row[7], tier: row[8], quotaPct: row[9], quotaRemaining: row[10], tokens: row[11]))
        }
        return facts
    }

    static func stored(tenant: String, ids: [String], in db: Database) throws -> [String: String] {
        var found: [String: String] = [:]
        for chunk in stride(from: 0, to: ids.count, by: 500).map({ ids[$0..<min($0 + 500, ids.count)] }) {
            let marks = Array(repeating: "?", count: chunk.count).joined(separator: ",")
            var arguments: StatementArguments = [tenant]
            for id in chunk { arguments += [id] }
            let rows = try Row.fetchCursor(db.cachedStatement(sql: "SELECT id, body FROM executions WHERE tenant = ? AND id IN (\(marks))"), arguments: arguments)
            while let row = try rows.next() { found[row[0]] = row[1] }
        }
        return found
    }

    static func skills(tenant: String, in db: Database) throws -> [String] {
        // A loose index scan: one probe per skill instead of a walk over every row.
        var skills: [String] = []
        var last = ""
        let next = try db.cachedStatement(sql: "SELECT skill FROM executions WHERE tenant = ? AND skill > ? ORDER BY skill LIMIT 1")
        while let skill = try String.fetchOne(next, arguments: [tenant, last]) {
            skills.append(skill)
            last = skill
        }
        return skills
    }
}

extension SQLiteStore {
    public func executions(tenant: String, query: ExecutionQuery) async throws(StoreError) -> ExecutionPage {
        try await read("read executions of \(tenant)") { db in try SQLiteExecutions.page(tenant: tenant, query: query, in: db) }
    }

    public func executionSamples(tenant: String, skill: String, from: Timestamp, to: Timestamp) async throws(StoreError) -> ExecutionSamples {
        try await read("read executions of \(skill)") { db in
            try SQLiteExecutions.samples(tenant: tenant, skill: skill, from: from, to: to, in: db)
        }
    }

    public func executionFacts(tenant: String, skill: String?, from: Timestamp, to: Timestamp) async throws(StoreError) -> [ExecutionFact] {
        try await read("read execution facts of \(skill ?? tenant)") { db in
            try SQLiteExecutions.facts(tenant: tenant, skill: skill, from: from, to: to, in: db)
        }
    }

    public func storedExecutions(tenant: String, ids: [String]) async throws(StoreError) -> [String: String] {
        guard !ids.isEmpty else { return [:] }
        return try await read("look up \(ids.count) execution ids") { db in try SQLiteExecutions.stored(tenant: tenant, ids: ids, in: db) }
    }

    public func executionSkills(tenant: String) async throws(StoreError) -> [String] {
        try await read("list skills of \(tenant)") { db in try SQLiteExecutions.skills(tenant: tenant, in: db) }
    }
}
