import PostgresNIO
import StewardCore

/// The statements of a group commit, each carrying whole columns as array parameters, so one round
/// trip serves a batch of any size.
enum BatchStatements {
    /// Locks the chain heads of `tenants` (sorted, so replicas lock in the same order and never
    /// deadlock on them).
    static func lockHeads(_ tenants: [String]) -> PostgresQuery {
        "SELECT tenant, seq, hash FROM ledger_heads WHERE tenant = ANY(\(tenants)::text[]) ORDER BY tenant FOR UPDATE"
    }

    /// Creates empty heads for tenants that have none yet; a replica creating the same one at the
    /// same moment makes this wait, then do nothing.
    static func createHeads(_ tenants: [String]) -> PostgresQuery {
        """
        INSERT INTO ledger_heads (tenant, seq, hash)
        SELECT t, 0, \(LedgerHash.genesis) FROM unnest(\(tenants)::text[]) AS t ORDER BY t
        ON CONFLICT (tenant) DO NOTHING
        """
    }

    /// Reads and locks the versions of the state rows a batch checks or changes.
    static func lockVersions(_ keys: KeyColumns) -> PostgresQuery {
        """
        SELECT p.tenant, p.collection, p.id, p.version FROM projections AS p
        JOIN unnest(\(keys.tenant)::text[], \(keys.collection)::text[], \(keys.id)::text[]) AS u(tenant, collection, id)
          ON p.tenant = u.tenant AND p.collection = u.collection AND p.id = u.id
        ORDER BY p.tenant, p.collection, p.id
        FOR UPDATE OF p
        """
    }

    /// Reads the rows tallies add to (locked by ``lockVersions(_:)`` in the same transaction).
    static func bodies(_ keys: KeyColumns) -> PostgresQuery {
        """
        SELECT p.tenant, p.collection, p.id, p.status, p.ref, p.body FROM projections AS p
        JOIN unnest(\(keys.tenant)::text[], \(keys.collection)::text[], \(keys.id)::text[]) AS u(tenant, collection, id)
          ON p.tenant = u.tenant AND p.collection = u.collection AND p.id = u.id
        """
    }

    /// Reads which of the idempotency keys are already used.
    static func usedKeys(tenants: [String], keys: [String]) -> PostgresQuery {
        """
        SELECT i.tenant, i.key FROM idempotency AS i
        JOIN unnest(\(tenants)::text[], \(keys)::text[]) AS u(tenant, key) ON i.tenant = u.tenant AND i.key = u.key
        """
    }

    /// One statement doing every write of a batch: a data-modifying CTE per non-empty part.
    /// Nil when there is nothing to write.
    static func writes(_ writes: BatchWrites, heads: [(tenant: String, head: LedgerHead)]) -> PostgresQuery? {
        var statement = CTEStatement()
        let ledger = writes.ledger
        if !ledger.isEmpty {
            let sql = """
                INSERT INTO ledger (tenant, seq, ts, kind, subject, actor, payload, config_revision, prev_hash, hash)
                SELECT * FROM unnest(\(statement.bind(ledger.tenant))::text[], \(statement.bind(ledger.seq))::int8[],
                    \(statement.bind(ledger.ts))::int8[], \(statement.bind(ledger.kind))::text[],
                    \(statement.bind(ledger.subject))::text[], \(statement.bind(ledger.actor))::text[],
                    \(statement.bind(ledger.payload))::text[], \(statement.bind(ledger.configRevision))::text[],
                    \(statement.bind(ledger.prevHash))::text[], \(statement.bind(ledger.hash))::text[])
            """
            statement.add(sql)
        }
        if !heads.isEmpty {
            let sql = """
                UPDATE ledger_heads AS h SET seq = u.seq, hash = u.hash
                FROM unnest(\(statement.bind(heads.map(\.tenant)))::text[], \(statement.bind(heads.map(\.head.seq)))::int8[],
                    \(statement.bind(heads.map(\.head.hash)))::text[]) AS u(tenant, seq, hash)
                WHERE h.tenant = u.tenant
            """
            statement.add(sql)
        }
        if !writes.deletes.isEmpty {
            let keys = writes.deletes
            let sql = """
                DELETE FROM projections AS p
                USING unnest(\(statement.bind(keys.tenant))::text[], \(statement.bind(keys.collection))::text[],
                    \(statement.bind(keys.id))::text[]) AS u(tenant, collection, id)
                WHERE p.tenant = u.tenant AND p.collection = u.collection AND p.id = u.id
            """
            statement.add(sql)
        }
        if !writes.updates.isEmpty {
            let sql = """
                UPDATE projections AS p SET status = CASE WHEN u.has_status THEN u.status END,
                    ref = CASE WHEN u.has_ref THEN u.ref END, body = u.body, version = u.version
                FROM \(rows(writes.updates, &statement))
                WHERE p.tenant = u.tenant AND p.collection = u.collection AND p.id = u.id
            """
            statement.add(sql)
        }
        if !writes.inserts.isEmpty {
            let sql = """
                INSERT INTO projections (tenant, collection, id, status, ref, body, version)
                SELECT u.tenant, u.collection, u.id, CASE WHEN u.has_status THEN u.status END,
                    CASE WHEN u.has_ref THEN u.ref END, u.body, u.version
                FROM \(rows(writes.inserts, &statement))
            """
            statement.add(sql)
        }
        let records = writes.idempotency
        if !records.isEmpty {
            let sql = """
                INSERT INTO idempotency (tenant, key, request_hash, status, response, created_at)
                SELECT * FROM unnest(\(statement.bind(records.tenant))::text[], \(statement.bind(records.key))::text[],
                    \(statement.bind(records.requestHash))::text[], \(statement.bind(records.status))::int4[],
                    \(statement.bind(records.response))::bytea[], \(statement.bind(records.createdAt))::int8[])
            """
            statement.add(sql)
        }
        let runs = writes.executions
        if !runs.isEmpty {
            let sql = """
                INSERT INTO executions (tenant, id, skill, start_ms, end_ms, ok, latency_ms, cost_usd, tokens, quota_pct, tier, body)
                SELECT u.tenant, u.id, u.skill, u.start_ms, u.end_ms, u.ok, u.latency_ms, CASE WHEN u.has_cost THEN u.cost END,
                    u.tokens, CASE WHEN u.has_quota THEN u.quota END, CASE WHEN u.has_tier THEN u.tier END, u.body
                FROM unnest(\(statement.bind(runs.tenant))::text[], \(statement.bind(runs.id))::text[], \(statement.bind(runs.skill))::text[],
                    \(statement.bind(runs.startMs))::int8[], \(statement.bind(runs.endMs))::int8[], \(statement.bind(runs.ok))::bool[],
                    \(statement.bind(runs.latencyMs))::int8[], \(statement.bind(runs.cost))::float8[], \(statement.bind(runs.hasCost))::bool[],
                    \(statement.bind(runs.tokens))::int8[], \(statement.bind(runs.quotaPct))::float8[], \(statement.bind(runs.hasQuotaPct))::bool[],
                    \(statement.bind(runs.tier))::text[], \(statement.bind(runs.hasTier))::bool[], \(statement.bind(runs.body))::text[])
                  WITH ORDINALITY AS u(tenant, id, skill, start_ms, end_ms, ok, latency_ms, cost, has_cost, tokens, quota, has_quota, tier, has_tier, body, n)
                ORDER BY u.n
            """
            statement.add(sql)
        }
        return statement.query
    }

    /// `unnest(...) AS u(...)` over state rows.
    private static func rows(_ columns: ProjectionColumns, _ statement: inout CTEStatement) -> String {
        """
        unnest(\(statement.bind(columns.tenant))::text[], \(statement.bind(columns.collection))::text[],
            \(statement.bind(columns.id))::text[], \(statement.bind(columns.status))::text[],
            \(statement.bind(columns.hasStatus))::bool[], \(statement.bind(columns.ref))::text[],
            \(statement.bind(columns.hasRef))::bool[], \(statement.bind(columns.body))::text[],
            \(statement.bind(columns.version))::int8[])
          AS u(tenant, collection, id, status, has_status, ref, has_ref, body, version)
        """
    }
}

/// `WITH a AS (...), b AS (...) SELECT 1` assembled from constant SQL and `$n` placeholders: every
/// value travels as a bound parameter. PostgreSQL runs each data-modifying CTE exactly once.
private struct CTEStatement {
    private var parts: [String] = []
    private var binds = PostgresBindings(capacity: 40)

    /// Binds a value and returns its placeholder.
    mutating func bind(_ value: some PostgresNonThrowingEncodable) -> String {
        binds.append(value)
        return "$\(binds.count)"
    }

    mutating func add(_ sql: String) {
        parts.append("w\(parts.count) AS (\(sql))")
    }

    var query: PostgresQuery? {
        guard !parts.isEmpty else { return nil }
        return PostgresQuery(unsafeSQL: "WITH " + parts.joined(separator: ",\n") + "\nSELECT 1", binds: binds)
    }
}
