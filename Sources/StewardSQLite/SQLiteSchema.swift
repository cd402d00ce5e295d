import GRDB

/// The SQLite schema, as append-only migrations. Never edit a shipped migration; add a new one.
enum SQLiteSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-ledger-projections-leases") { db in
            try db.execute(sql: """
                CREATE TABLE ledger (
                    tenant TEXT NOT NULL,
                    seq INTEGER NOT NULL,
                    ts INTEGER NOT NULL,
                    kind TEXT NOT NULL,
                    subject TEXT NOT NULL,
                    actor TEXT NOT NULL,
                    payload TEXT NOT NULL,
                    config_revision TEXT NOT NULL,
                    prev_hash TEXT NOT NULL,
                    hash TEXT NOT NULL,
                    PRIMARY KEY (tenant, seq)
                ) WITHOUT ROWID;
                CREATE INDEX ledger_by_kind ON ledger (tenant, kind, seq);
                CREATE INDEX ledger_by_subject ON ledger (tenant, subject, seq);
                CREATE INDEX ledger_by_ts ON ledger (tenant, ts);
                CREATE TABLE ledger_heads (
                    tenant TEXT PRIMARY KEY,
                    seq INTEGER NOT NULL,
                    hash TEXT NOT NULL
                ) WITHOUT ROWID;
                CREATE TABLE projections (
                    tenant TEXT NOT NULL,
                    collection TEXT NOT NULL,
                    id TEXT NOT NULL,
                    status TEXT,
                    ref TEXT,
                    body TEXT NOT NULL,
                    version INTEGER NOT NULL,
                    PRIMARY KEY (tenant, collection, id)
                ) WITHOUT ROWID;
                CREATE INDEX projections_by_status ON projections (tenant, collection, status, id);
                CREATE INDEX projections_by_ref ON projections (tenant, collection, ref, id);
                CREATE TABLE idempotency (
                    tenant TEXT NOT NULL,
                    key TEXT NOT NULL,
                    request_hash TEXT NOT NULL,
                    status INTEGER NOT NULL,
                    response BLOB NOT NULL,
                    created_at INTEGER NOT NULL,
                    PRIMARY KEY (tenant, key)
                ) WITHOUT ROWID;
                CREATE TABLE leases (
                    name TEXT PRIMARY KEY,
                    holder TEXT NOT NULL,
                    expires_at INTEGER NOT NULL,
                    fencing_token INTEGER NOT NULL
                ) WITHOUT ROWID;
                """)
        }
        migrator.registerMigration("v2-executions") { db in
            // Execution records (seed 004): append-only, kept apart from the chain. seq is the rowid,
            // the order they were stored in.
            try db.execute(sql: """
                CREATE TABLE executions (
                    seq INTEGER PRIMARY KEY,
                    tenant TEXT NOT NULL,
                    id TEXT NOT NULL,
                    skill TEXT NOT NULL,
                    start_ms INTEGER NOT NULL,
                    end_ms INTEGER NOT NULL,
                    ok INTEGER NOT NULL,
                    latency_ms INTEGER NOT NULL,
                    cost_usd REAL,
                    tokens INTEGER NOT NULL,
                    quota_pct REAL,
                    tier TEXT,
                    body TEXT NOT NULL
                );
                CREATE UNIQUE INDEX executions_by_id ON executions (tenant, id);
                CREATE INDEX executions_by_skill ON executions (tenant, skill, start_ms);
                """)
        }
        return migrator
    }
}
