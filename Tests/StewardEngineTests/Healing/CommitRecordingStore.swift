import StewardCore
import Synchronization

/// A real store that also records the ledger kinds of each commit, in order, so a test can say
/// which entries were made durable together.
final class CommitRecordingStore: Store {
    let inner: any Store
    private let recorded = Mutex<[[String]]>([])

    init(_ inner: any Store) { self.inner = inner }

    /// The ledger kinds of each commit so far.
    var commits: [[String]] { recorded.withLock { $0 } }

    func commit(_ commit: StoreCommit) async throws(StoreError) -> CommitReceipt {
        let receipt = try await inner.commit(commit)
        recorded.withLock { $0.append(commit.drafts.map(\.kind)) }
        return receipt
    }

    func head(tenant: String) async throws(StoreError) -> LedgerHead { try await inner.head(tenant: tenant) }
    func ledger(tenant: String, query: LedgerQuery) async throws(StoreError) -> LedgerPage { try await inner.ledger(tenant: tenant, query: query) }
    func tenants() async throws(StoreError) -> [String] { try await inner.tenants() }
    func projection(tenant: String, collection: String, id: String) async throws(StoreError) -> ProjectionDocument? {
        try await inner.projection(tenant: tenant, collection: collection, id: id)
    }
    func projections(tenant: String, keys: [DocumentKey]) async throws(StoreError) -> [ProjectionDocument] {
        try await inner.projections(tenant: tenant, keys: keys)
    }
    func projections(_ query: ProjectionQuery) async throws(StoreError) -> [ProjectionDocument] { try await inner.projections(query) }
    func projectionVersions(_ query: ProjectionQuery) async throws(StoreError) -> [ProjectionVersion] { try await inner.projectionVersions(query) }
    func projectionVersions(tenant: String, keys: [DocumentKey]) async throws(StoreError) -> [ProjectionVersion] {
        try await inner.projectionVersions(tenant: tenant, keys: keys)
    }
    func idempotencyRecord(tenant: String, key: String) async throws(StoreError) -> IdempotencyRecord? {
        try await inner.idempotencyRecord(tenant: tenant, key: key)
    }
    func acquireLease(name: String, holder: String, now: Timestamp, ttlMilliseconds: Int64) async throws(StoreError) -> Lease? {
        try await inner.acquireLease(name: name, holder: holder, now: now, ttlMilliseconds: ttlMilliseconds)
    }
    func releaseLease(name: String, holder: String) async throws(StoreError) { try await inner.releaseLease(name: name, holder: holder) }
    func executions(tenant: String, query: ExecutionQuery) async throws(StoreError) -> ExecutionPage {
        try await inner.executions(tenant: tenant, query: query)
    }
    func executionSamples(tenant: String, skill: String, from: Timestamp, to: Timestamp) async throws(StoreError) -> ExecutionSamples {
        try await inner.executionSamples(tenant: tenant, skill: skill, from: from, to: to)
    }
    func executionFacts(tenant: String, skill: String?, from: Timestamp, to: Timestamp) async throws(StoreError) -> [ExecutionFact] {
        try await inner.executionFacts(tenant: tenant, skill: skill, from: from, to: to)
    }
    func storedExecutionIDs(tenant: String, ids: [String]) async throws(StoreError) -> Set<String> {
        try await inner.storedExecutionIDs(tenant: tenant, ids: ids)
    }
    func executionSkills(tenant: String) async throws(StoreError) -> [String] { try await inner.executionSkills(tenant: tenant) }
    func ping() async throws(StoreError) { try await inner.ping() }
}
