import Logging
import PostgresNIO
import StewardCore

/// Reads ledger pages with the filters of ``LedgerQuery``.
///
/// One static statement: an absent filter is a NULL parameter that PostgreSQL folds away when it
/// plans the (unnamed) statement with its actual values, so each query still uses its index.
enum PostgresLedgerReader {
    static func page(tenant: String, query: LedgerQuery, client: PostgresClient, logger: Logger) async throws -> LedgerPage {
        let limit = max(1, min(query.limit, 100_000))
        let kinds = query.kinds.flatMap { $0.isEmpty ? nil : $0 }
        let sql: PostgresQuery = """
            SELECT tenant, seq, ts, kind, subject, actor, payload, config_revision, prev_hash, hash
            FROM ledger
            WHERE tenant = \(tenant) AND seq > \(query.afterSeq)
              AND (\(query.throughSeq)::int8 IS NULL OR seq <= \(query.throughSeq))
              AND (\(kinds)::text[] IS NULL OR kind = ANY(\(kinds)::text[]))
              AND (\(query.subject)::text IS NULL OR subject = \(query.subject))
              AND (\(query.from?.millisecondsSinceEpoch)::int8 IS NULL OR ts >= \(query.from?.millisecondsSinceEpoch))
              AND (\(query.to?.millisecondsSinceEpoch)::int8 IS NULL OR ts < \(query.to?.millisecondsSinceEpoch))
            ORDER BY seq
            LIMIT \(limit + 1)
            """
        var rows: [StoredLedgerRow] = []
        rows.reserveCapacity(min(limit + 1, 20_000))
        let stream = try await client.query(sql, logger: logger)
        for try await (tenant, seq, ts, kind, subject, actor, payload, revision, prevHash, hash) in stream.decode(
            (String, Int64, Int64, String, String, String, String, String, String, String).self)
        {
            rows.append(StoredLedgerRow(
                tenant: tenant, seq: seq, ts: Timestamp(millisecondsSinceEpoch: ts), kind: kind, subject: subject,
                actor: actor, canonicalPayload: Array(payload.utf8), configRevision: revision, prevHash: prevHash, hash: hash))
        }
        var next: Int64?
        if rows.count > limit {
            rows.removeLast()
            next = rows.last?.seq
        }
        return LedgerPage(rows: rows, nextCursor: next)
    }

    /// The recorded head of a tenant's chain.
    static func head(tenant: String, client: PostgresClient, logger: Logger) async throws -> LedgerHead {
        let rows = try await client.query("SELECT seq, hash FROM ledger_heads WHERE tenant = \(tenant)", logger: logger)
        var head = LedgerHead.empty
        for try await (seq, hash) in rows.decode((Int64, String).self) { head = LedgerHead(seq: seq, hash: hash) }
        return head
    }

    /// Tenants with at least one entry or a head (a head row at 0 is left by a batch whose commits
    /// all failed); the entries' tenants are walked one index seek per tenant.
    static func tenants(client: PostgresClient, logger: Logger) async throws -> [String] {
        let rows = try await client.query("""
            WITH RECURSIVE chains(tenant) AS (
                SELECT min(tenant) FROM ledger
                UNION ALL SELECT (SELECT min(tenant) FROM ledger WHERE tenant > chains.tenant) FROM chains WHERE chains.tenant IS NOT NULL)
            SELECT tenant FROM chains WHERE tenant IS NOT NULL
            UNION SELECT tenant FROM ledger_heads WHERE seq > 0
            ORDER BY 1
            """, logger: logger)
        var tenants: [String] = []
        for try await tenant in rows.decode(String.self) { tenants.append(tenant) }
        return tenants
    }
}

/// Reads state rows and idempotency records.
enum PostgresProjectionReader {
    static func one(tenant: String, collection: String, id: String, client: PostgresClient, logger: Logger) async throws -> ProjectionDocument? {
        let rows = try await client.query("""
            SELECT tenant, collection, id, status, ref, body, version FROM projections
            WHERE tenant = \(tenant) AND collection = \(collection) AND id = \(id)
            """, logger: logger)
        return try await documents(rows).first
    }

    static func many(tenant: String, keys: [DocumentKey], client: PostgresClient, logger: Logger) async throws -> [ProjectionDocument] {
        guard let rows = try await many(tenant: tenant, keys: keys, columns: documentColumns, client: client, logger: logger) else { return [] }
        return try await documents(rows)
    }

    static func list(_ query: ProjectionQuery, client: PostgresClient, logger: Logger) async throws -> [ProjectionDocument] {
        try await documents(list(query, columns: documentColumns, client: client, logger: logger))
    }

    static func manyVersions(tenant: String, keys: [DocumentKey], client: PostgresClient, logger: Logger) async throws -> [ProjectionVersion] {
        guard let rows = try await many(tenant: tenant, keys: keys, columns: versionColumns, client: client, logger: logger) else { return [] }
        return try await versions(rows)
    }

    static func listVersions(_ query: ProjectionQuery, client: PostgresClient, logger: Logger) async throws -> [ProjectionVersion] {
        try await versions(list(query, columns: versionColumns, client: client, logger: logger))
    }

    static let documentColumns = "tenant, collection, id, status, ref, body, version"
    static let versionColumns = "collection, id, version"

    /// The rows of `keys` (each once, however often its key was asked for); nil for no keys.
    private static func many(
        tenant: String, keys: [DocumentKey], columns: String, client: PostgresClient, logger: Logger
    ) async throws -> PostgresRowSequence? {
        let keys = Array(Set(keys))
        guard !keys.isEmpty else { return nil }
        return try await client.query("""
            SELECT \(unescaped: columns) FROM projections
            JOIN unnest(\(keys.map(\.collection))::text[], \(keys.map(\.id))::text[]) AS u(k_collection, k_id)
              ON collection = u.k_collection AND id = u.k_id
            WHERE tenant = \(tenant)
            """, logger: logger)
    }

    private static func list(_ query: ProjectionQuery, columns: String, client: PostgresClient, logger: Logger) async throws -> PostgresRowSequence {
        let limit = max(1, min(query.limit, 10_000))
        return try await client.query("""
            SELECT \(unescaped: columns) FROM projections
            WHERE tenant = \(query.tenant) AND collection = \(query.collection)
              AND (\(query.status)::text IS NULL OR status = \(query.status))
              AND (\(query.ref)::text IS NULL OR ref = \(query.ref))
              AND (\(query.afterID)::text IS NULL OR id > \(query.afterID))
            ORDER BY id
            LIMIT \(limit)
            """, logger: logger)
    }

    private static func versions(_ rows: PostgresRowSequence) async throws -> [ProjectionVersion] {
        var found: [ProjectionVersion] = []
        for try await (collection, id, version) in rows.decode((String, String, Int64).self) {
            found.append(ProjectionVersion(key: DocumentKey(collection, id), version: version))
        }
        return found
    }

    static func idempotencyRecord(tenant: String, key: String, client: PostgresClient, logger: Logger) async throws -> IdempotencyRecord? {
        let rows = try await client.query("""
            SELECT request_hash, status, response, created_at FROM idempotency WHERE tenant = \(tenant) AND key = \(key)
            """, logger: logger)
        var record: IdempotencyRecord?
        for try await (requestHash, status, response, createdAt) in rows.decode((String, Int, ByteBuffer, Int64).self) {
            record = IdempotencyRecord(
                tenant: tenant, key: key, requestHash: requestHash, status: status,
                response: Array(response.readableBytesView), createdAt: Timestamp(millisecondsSinceEpoch: createdAt))
        }
        return record
    }

    private static func documents(_ rows: PostgresRowSequence) async throws -> [ProjectionDocument] {
        var documents: [ProjectionDocument] = []
        for try await (tenant, collection, id, status, ref, body, version) in rows.decode(
            (String, String, String, String?, String?, String, Int64).self)
        {
            let parsed: JSONValue
            do {
                parsed = try JSONReader.parse(body)
            } catch {
                throw StoreError(.corrupt, operation: "read \(collection)/\(id)", reason: error.description)
            }
            documents.append(ProjectionDocument(
                tenant: tenant, collection: collection, id: id, status: status, ref: ref, body: parsed, version: version))
        }
        return documents
    }
}
