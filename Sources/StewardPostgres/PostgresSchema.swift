import PostgresNIO

/// One schema migration: a version, a name and the statements it runs, in order.
struct PostgresMigration: Sendable {
    let version: Int
    let name: String
    /// One statement each: the extended query protocol runs a single statement per query.
    let statements: [PostgresQuery]
}

/// The PostgreSQL schema, as append-only migrations. Never edit a shipped migration; add a new one.
///
/// Same shape as the SQLite schema. Key and filter columns use the "C" collation so that ordering
/// (projection ids, tenants) is bytewise as in SQLite, whatever locale the database was created
/// with. The payload is TEXT holding the exact canonical bytes that were hashed: jsonb would reorder
/// members and break the chain. Times are milliseconds since the Unix epoch, as in the entries.
enum PostgresSchema {
    static let migrations: [PostgresMigration] = [
        PostgresMigration(version: 1, name: "ledger-projections-leases", statements: [
            """
            CREATE TABLE ledger (
                tenant text COLLATE "C" NOT NULL,
                seq bigint NOT NULL,
                ts bigint NOT NULL,
                kind text COLLATE "C" NOT NULL,
                subject text COLLATE "C" NOT NULL,
                actor text NOT NULL,
                payload text NOT NULL,
                config_revision text NOT NULL,
                prev_hash text NOT NULL,
                hash text NOT NULL,
                PRIMARY KEY (tenant, seq)
            )
            """,
            "CREATE INDEX ledger_by_kind ON ledger (tenant, kind, seq)",
            "CREATE INDEX ledger_by_subject ON ledger (tenant, subject, seq)",
            "CREATE INDEX ledger_by_ts ON ledger (tenant, ts)",
            """
            CREATE TABLE ledger_heads (
                tenant text COLLATE "C" PRIMARY KEY,
                seq bigint NOT NULL,
                hash text NOT NULL
            )
            """,
            """
            CREATE TABLE projections (
                tenant text COLLATE "C" NOT NULL,
                collection text COLLATE "C" NOT NULL,
                id text COLLATE "C" NOT NULL,
                status text COLLATE "C",
                ref text COLLATE "C",
                body text NOT NULL,
                version bigint NOT NULL,
                PRIMARY KEY (tenant, collection, id)
            )
            """,
            "CREATE INDEX projections_by_status ON projections (tenant, collection, status, id)",
            "CREATE INDEX projections_by_ref ON projections (tenant, collection, ref, id)",
            """
            CREATE TABLE idempotency (
                tenant text COLLATE "C" NOT NULL,
                key text COLLATE "C" NOT NULL,
                request_hash text NOT NULL,
                status integer NOT NULL,
                response bytea NOT NULL,
                created_at bigint NOT NULL,
                PRIMARY KEY (tenant, key)
            )
            """,
            """
            CREATE TABLE leases (
                name text COLLATE "C" PRIMARY KEY,
                holder text NOT NULL,
                expires_at bigint NOT NULL,
                fencing_token bigint NOT NULL
            )
            """,
        ]),
        // Execution records (seed 004): append-only, kept apart from the chain; seq is the order stored.
        PostgresMigration(version: 2, name: "executions", statements: [
            """
            CREATE TABLE executions (
                seq bigserial PRIMARY KEY,
                tenant text COLLATE "C" NOT NULL,
                id text COLLATE "C" NOT NULL,
                skill text COLLATE "C" NOT NULL,
                start_ms bigint NOT NULL,
                end_ms bigint NOT NULL,
                ok boolean NOT NULL,
                latency_ms bigint NOT NULL,
                cost_usd double precision,
                tokens bigint NOT NULL,
                quota_pct double precision,
                tier text,
                body text NOT NULL
            )
            """,
            "CREATE UNIQUE INDEX executions_by_id ON executions (tenant, id)",
            "CREATE INDEX executions_by_skill ON executions (tenant, skill, start_ms)",
        ]),
    ]

    /// The version a fully migrated database is at.
    static var latestVersion: Int { migrations.last?.version ?? 0 }

    /// Key of the transaction-level advisory lock that serialises migrations across replicas
    /// ("Steward" in ASCII, so it is recognisable in `pg_locks`).
    static let migrationLockKey: Int64 = 0x53_74_65_77_61_72_64
}
