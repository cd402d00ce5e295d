/// The durable state of Steward: the hash-chained ledger, the state rows projected from it,
/// idempotency records and leases. Implemented by StewardSQLite and StewardPostgres; the same
/// contract tests run against both.
public protocol Store: Sendable {
    /// Applies a commit durably; returns only after its transaction committed.
    func commit(_ commit: StoreCommit) async throws(StoreError) -> CommitReceipt

    /// The newest entry of a tenant's chain (``LedgerHead/empty`` if it has none).
    func head(tenant: String) async throws(StoreError) -> LedgerHead

    /// A page of a tenant's ledger.
    func ledger(tenant: String, query: LedgerQuery) async throws(StoreError) -> LedgerPage

    /// Every tenant that has a ledger.
    func tenants() async throws(StoreError) -> [String]

    /// One state row, or nil.
    func projection(tenant: String, collection: String, id: String) async throws(StoreError) -> ProjectionDocument?

    /// Several state rows of one tenant in one read, each once, in no particular order (missing ones are left out).
    func projections(tenant: String, keys: [DocumentKey]) async throws(StoreError) -> [ProjectionDocument]

    /// State rows of a collection, ordered by id.
    func projections(_ query: ProjectionQuery) async throws(StoreError) -> [ProjectionDocument]

    /// The keys and versions of the rows `query` selects, in the same order, without bodies.
    func projectionVersions(_ query: ProjectionQuery) async throws(StoreError) -> [ProjectionVersion]

    /// The versions of the rows of `keys` that exist, in no particular order, without bodies.
    func projectionVersions(tenant: String, keys: [DocumentKey]) async throws(StoreError) -> [ProjectionVersion]

    /// The rows of `keys` (as ``projections(tenant:keys:)``) and each query's rows (as
    /// ``projections(_:)``), read together: one snapshot and one round trip where the store can.
    func projections(tenant: String, keys: [DocumentKey], queries: [ProjectionQuery]) async throws(StoreError) -> ProjectionReads

    /// The stored answer for an idempotency key, if the key was used.
    func idempotencyRecord(tenant: String, key: String) async throws(StoreError) -> IdempotencyRecord?

    /// Grants `name` to `holder` until `now + ttlMilliseconds` if it is free, lapsed, or already
    /// held by `holder` (a renewal); otherwise returns nil.
    func acquireLease(name: String, holder: String, now: Timestamp, ttlMilliseconds: Int64) async throws(StoreError) -> Lease?

    /// Gives up a lease held by `holder`.
    func releaseLease(name: String, holder: String) async throws(StoreError)

    /// A page of a tenant's execution records.
    func executions(tenant: String, query: ExecutionQuery) async throws(StoreError) -> ExecutionPage

    /// The baseline columns of one skill's executions starting in [from, to).
    func executionSamples(tenant: String, skill: String, from: Timestamp, to: Timestamp) async throws(StoreError) -> ExecutionSamples

    /// The analysis columns of a tenant's executions (of one skill, or all) starting in
    /// [from, to), in storage order.
    func executionFacts(tenant: String, skill: String?, from: Timestamp, to: Timestamp) async throws(StoreError) -> [ExecutionFact]

    /// The stored bodies of those of `ids` the tenant has, by id.
    func storedExecutions(tenant: String, ids: [String]) async throws(StoreError) -> [String: String]

    /// Every skill with an execution record, in name order.
    func executionSkills(tenant: String) async throws(StoreError) -> [String]

    /// Answers when the database is reachable and migrated (for `/readyz`).
    func ping() async throws(StoreError)
}

/// A state row's collection and id within its tenant.
public struct DocumentKey: Sendable, Hashable {
    /// The collection.
    public var collection: String
    /// The id.
    public var id: String

    /// A key.
    public init(_ collection: String, _ id: String) {
        self.collection = collection
        self.id = id
    }
}

extension Store {
    /// One read per row: stores that can read several at once provide their own.
    public func projections(tenant: String, keys: [DocumentKey]) async throws(StoreError) -> [ProjectionDocument] {
        var found: [ProjectionDocument] = []
        var seen: Set<DocumentKey> = []
        for key in keys where seen.insert(key).inserted {
            if let doc = try await projection(tenant: tenant, collection: key.collection, id: key.id) { found.append(doc) }
        }
        return found
    }

    /// Every row `query` matches, read a page of its `limit` at a time (after `afterID`, in id order).
    public func allProjections(_ query: ProjectionQuery) async throws(StoreError) -> [ProjectionDocument] {
        var all: [ProjectionDocument] = []
        var page = query
        while true {
            let rows = try await projections(page)
            all += rows
            guard rows.count == page.limit, let last = rows.last else { return all }
            page.afterID = last.id
        }
    }

    /// One read after another: stores that can read them together provide their own.
    public func projections(tenant: String, keys: [DocumentKey], queries: [ProjectionQuery]) async throws(StoreError) -> ProjectionReads {
        var reads = ProjectionReads(keyed: try await projections(tenant: tenant, keys: keys))
        for query in queries { reads.listed.append(try await projections(query)) }
        return reads
    }
}

/// What ``Store/projections(tenant:keys:queries:)`` read: the rows found for the keys, in no
/// particular order, and each query's rows, in the order of the queries.
public struct ProjectionReads: Sendable {
    /// The rows of the keys that exist.
    public var keyed: [ProjectionDocument]
    /// Each query's rows.
    public var listed: [[ProjectionDocument]]

    /// Rows read.
    public init(keyed: [ProjectionDocument], listed: [[ProjectionDocument]] = []) {
        self.keyed = keyed
        self.listed = listed
    }
}
