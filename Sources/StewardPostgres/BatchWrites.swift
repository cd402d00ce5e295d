import PostgresNIO
import StewardCore

/// The identity of a state row.
struct ProjectionKey: Hashable, Sendable, Comparable {
    var tenant: String
    var collection: String
    var id: String

    static func < (a: Self, b: Self) -> Bool { (a.tenant, a.collection, a.id) < (b.tenant, b.collection, b.id) }
}

/// The identity of an idempotency record.
struct IdempotencyKey: Hashable, Sendable {
    var tenant: String
    var key: String
}

/// What the database held for the rows a batch touches, read (and locked) before planning.
struct BatchSnapshot: Sendable {
    /// The locked chain heads of every tenant the batch appends to.
    var heads: [String: LedgerHead] = [:]
    /// Versions of the state rows that exist (absent: no row).
    var versions: [ProjectionKey: Int64] = [:]
    /// Idempotency keys already used.
    var usedKeys: Set<IdempotencyKey> = []
    /// The current rows that tallies add to.
    var tallied: [ProjectionKey: ProjectionDocument] = [:]
}

/// Ledger rows to insert, as one array per column: the batch goes to the server as a single
/// `INSERT ... SELECT * FROM unnest(...)`, whatever its size.
struct LedgerColumns: Sendable {
    var tenant: [String] = []
    var seq: [Int64] = []
    var ts: [Int64] = []
    var kind: [String] = []
    var subject: [String] = []
    var actor: [String] = []
    var payload: [String] = []
    var configRevision: [String] = []
    var prevHash: [String] = []
    var hash: [String] = []

    var isEmpty: Bool { seq.isEmpty }

    mutating func append(_ draft: LedgerDraft, payload text: String, seal: LedgerSeal) {
        tenant.append(draft.tenant)
        seq.append(seal.seq)
        ts.append(draft.ts.millisecondsSinceEpoch)
        kind.append(draft.kind)
        subject.append(draft.subject)
        actor.append(draft.actor)
        payload.append(text)
        configRevision.append(draft.configRevision)
        prevHash.append(seal.prevHash)
        hash.append(seal.hash)
    }
}

/// A state row as it will be written. Nullable columns travel as a value and a presence flag,
/// because postgres-nio arrays cannot hold NULL elements.
struct ProjectionColumns: Sendable {
    var tenant: [String] = []
    var collection: [String] = []
    var id: [String] = []
    var status: [String] = []
    var hasStatus: [Bool] = []
    var ref: [String] = []
    var hasRef: [Bool] = []
    var body: [String] = []
    var version: [Int64] = []

    var isEmpty: Bool { id.isEmpty }

    mutating func append(_ row: PlannedRow) {
        tenant.append(row.key.tenant)
        collection.append(row.key.collection)
        id.append(row.key.id)
        status.append(row.status ?? "")
        hasStatus.append(row.status != nil)
        ref.append(row.ref ?? "")
        hasRef.append(row.ref != nil)
        body.append(row.body)
        version.append(row.version)
    }
}

/// The keys of state rows to delete.
struct KeyColumns: Sendable {
    var tenant: [String] = []
    var collection: [String] = []
    var id: [String] = []

    var isEmpty: Bool { id.isEmpty }

    mutating func append(_ key: ProjectionKey) {
        tenant.append(key.tenant)
        collection.append(key.collection)
        id.append(key.id)
    }
}

/// Idempotency records to insert.
struct IdempotencyColumns: Sendable {
    var tenant: [String] = []
    var key: [String] = []
    var requestHash: [String] = []
    var status: [Int32] = []
    var response: [ByteBuffer] = []
    var createdAt: [Int64] = []

    var isEmpty: Bool { key.isEmpty }

    mutating func append(_ record: IdempotencyRecord) {
        tenant.append(record.tenant)
        key.append(record.key)
        requestHash.append(record.requestHash)
        status.append(Int32(clamping: record.status))
        response.append(ByteBuffer(bytes: record.response))
        createdAt.append(record.createdAt.millisecondsSinceEpoch)
    }
}

/// A state row's final content in a batch.
struct PlannedRow: Sendable {
    var key: ProjectionKey
    var status: String?
    var ref: String?
    var body: String
    var version: Int64
}

/// Everything a planned batch writes, apart from the chain heads.
struct BatchWrites: Sendable {
    var ledger = LedgerColumns()
    /// Rows that did not exist when read.
    var inserts = ProjectionColumns()
    /// Rows that existed when read (and are locked).
    var updates = ProjectionColumns()
    var deletes = KeyColumns()
    var idempotency = IdempotencyColumns()
    var executions = ExecutionColumns()
}

/// Execution records to insert; nullable columns travel as a value and a presence flag.
struct ExecutionColumns: Sendable {
    var tenant: [String] = []
    var id: [String] = []
    var skill: [String] = []
    var startMs: [Int64] = []
    var endMs: [Int64] = []
    var ok: [Bool] = []
    var latencyMs: [Int64] = []
    var cost: [Double] = []
    var hasCost: [Bool] = []
    var tokens: [Int64] = []
    var quotaPct: [Double] = []
    var hasQuotaPct: [Bool] = []
    var tier: [String] = []
    var hasTier: [Bool] = []
    var body: [String] = []

    var isEmpty: Bool { id.isEmpty }

    mutating func append(_ row: ExecutionRow) {
        tenant.append(row.tenant)
        id.append(row.id)
        skill.append(row.skill)
        startMs.append(row.startMs)
        endMs.append(row.endMs)
        ok.append(row.succeeded)
        latencyMs.append(row.latencyMs)
        cost.append(row.costUSD ?? 0)
        hasCost.append(row.costUSD != nil)
        tokens.append(row.tokens)
        quotaPct.append(row.quotaPct ?? 0)
        hasQuotaPct.append(row.quotaPct != nil)
        tier.append(row.tier ?? "")
        hasTier.append(row.tier != nil)
        body.append(row.body)
    }
}
