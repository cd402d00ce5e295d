/// A store that hands every call to another one. A wrapper that watches or changes a few calls
/// conforms and implements only those.
public protocol WrappingStore: Store {
    /// The store doing the work.
    var inner: any Store { get }
}

extension WrappingStore {
    public func commit(_ commit: StoreCommit) async throws(StoreError) -> CommitReceipt { try await inner.commit(commit) }

    public func head(tenant: String) async throws(StoreError) -> LedgerHead { try await inner.head(tenant: tenant) }

    public func ledger(tenant: String, query: LedgerQuery) async throws(StoreError) -> LedgerPage {
        try await inner.ledger(tenant: tenant, query: query)
    }

    public func tenants() async throws(StoreError) -> [String] { try await inner.tenants() }

    public func projection(tenant: String, collection: String, id: String) async throws(StoreError) -> ProjectionDocument? {
        try await inner.projection(tenant: tenant, collection: collection, id: id)
    }

    public func projections(tenant: String, keys: [DocumentKey]) async throws(StoreError) -> [ProjectionDocument] {
        try await inner.projections(tenant: tenant, keys: keys)
    }

    public func projections(tenant: String, keys: [DocumentKey], queries: [ProjectionQuery]) async throws(StoreError) -> ProjectionReads {
        try await inner.projections(tenant: tenant, keys: keys, queries: queries)
    }

    public func projections(_ query: ProjectionQuery) async throws(StoreError) -> [ProjectionDocument] {
        try await inner.projections(query)
    }

    public func projectionVersions(_ query: ProjectionQuery) async throws(StoreError) -> [ProjectionVersion] {
        try await inner.projectionVersions(query)
    }

    public func projectionVersions(tenant: String, keys: [DocumentKey]) async throws(StoreError) -> [ProjectionVersion] {
        try await inner.projectionVersions(tenant: tenant, keys: keys)
    }

    public func idempotencyRecord(tenant: String, key: String) async throws(StoreError) -> IdempotencyRecord? {
        try await inner.idempotencyRecord(tenant: tenant, key: key)
    }

    public func acquireLease(name: String, holder: String, now: Timestamp, ttlMilliseconds: Int64) async throws(StoreError) -> Lease? {
        try await inner.acquireLease(name: name, holder: holder, now: now, ttlMilliseconds: ttlMilliseconds)
    }

    public func releaseLease(name: String, holder: String) async throws(StoreError) {
        try await inner.releaseLease(name: name, holder: holder)
    }

    public func executions(tenant: String, query: ExecutionQuery) async throws(StoreError) -> ExecutionPage {
        try await inner.executions(tenant: tenant, query: query)
    }

    public func executionSamples(tenant: String, skill: String, from: Timestamp, to: Timestamp) async throws(StoreError) -> ExecutionSamples {
        try await inner.executionSamples(tenant: tenant, skill: skill, from: from, to: to)
    }

    public func executionFacts(tenant: String, skill: String?, from: Timestamp, to: Timestamp) async throws(StoreError) -> [ExecutionFact] {
        try await inner.executionFacts(tenant: tenant, skill: skill, from: from, to: to)
    }

    public func storedExecutions(tenant: String, ids: [String]) async throws(StoreError) -> [String: String] {
        try await inner.storedExecutions(tenant: tenant, ids: ids)
    }

    public func executionSkills(tenant: String) async throws(StoreError) -> [String] { try await inner.executionSkills(tenant: tenant) }

    public func ping() async throws(StoreError) { try await inner.ping() }
}
