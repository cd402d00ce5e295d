import Logging
import PostgresNIO
import StewardCore

/// Leases as single statements, so two replicas asking at once are ordered by the row lock.
///
/// A released lease keeps its row (holder emptied, already expired) instead of being deleted, so
/// its fencing token keeps increasing across holders: a token is never handed out twice.
enum PostgresLeases {
    static func acquire(
        name: String, holder: String, now: Timestamp, ttlMilliseconds: Int64, client: PostgresClient, logger: Logger
    ) async throws -> Lease? {
        guard !holder.isEmpty else {
            throw StoreError(.invalid, operation: "acquire lease \(name)", reason: "the holder name is empty")
        }
        let expires = now.millisecondsSinceEpoch + ttlMilliseconds
        let rows = try await client.query("""
            INSERT INTO leases AS l (name, holder, expires_at, fencing_token) VALUES (\(name), \(holder), \(expires), 1)
            ON CONFLICT (name) DO UPDATE SET
                holder = excluded.holder,
                expires_at = excluded.expires_at,
                fencing_token = CASE WHEN l.holder = excluded.holder THEN l.fencing_token ELSE l.fencing_token + 1 END
            WHERE l.holder = excluded.holder OR l.expires_at <= \(now.millisecondsSinceEpoch)
            RETURNING fencing_token
            """, logger: logger)
        var lease: Lease?
        for try await token in rows.decode(Int64.self) {
            lease = Lease(name: name, holder: holder, expiresAt: Timestamp(millisecondsSinceEpoch: expires), fencingToken: token)
        }
        return lease
    }

    static func release(name: String, holder: String, client: PostgresClient, logger: Logger) async throws {
        try await client.perform("""
            UPDATE leases SET holder = '', expires_at = \(Int64.min) WHERE name = \(name) AND holder = \(holder)
            """, logger: logger)
    }
}
