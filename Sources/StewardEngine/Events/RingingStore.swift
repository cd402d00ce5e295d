public import StewardCore

/// A store that rings a ``LedgerBell`` after every commit that appended ledger entries. Every
/// writer in the process goes through it, so the live event stream needs no polling.
public struct RingingStore: ChainVerifyingStore {
    /// The store doing the work.
    public let inner: any Store
    /// The bell rung after each commit.
    public let bell: LedgerBell

    /// Wraps `inner`.
    public init(_ inner: any Store, bell: LedgerBell) {
        self.inner = inner
        self.bell = bell
    }

    public func commit(_ commit: StoreCommit) async throws(StoreError) -> CommitReceipt {
        let receipt = try await inner.commit(commit)
        if !commit.drafts.isEmpty { bell.ring(tenants: commit.drafts.map(\.tenant)) }
        return receipt
    }

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

    public func storedExecutionIDs(tenant: String, ids: [String]) async throws(StoreError) -> Set<String> {
        try await inner.storedExecutionIDs(tenant: tenant, ids: ids)
    }

    public func executionSkills(tenant: String) async throws(StoreError) -> [String] { try await inner.executionSkills(tenant: tenant) }
    public func executionFacts(tenant: String, skill: String?, from: Timestamp, to: Timestamp) async throws(StoreError) -> [ExecutionFact] {
        try await inner.executionFacts(tenant: tenant, skill: skill, from: from, to: to)
    }

    public func ping() async throws(StoreError) { try await inner.ping() }

    public func verifyChain(tenant: String, start: LedgerHead) async throws(StoreError) -> ChainVerification {
        if let scanning = inner as? any ChainVerifyingStore { return try await scanning.verifyChain(tenant: tenant, start: start) }
        return try await LedgerAudit.verifyPages(store: inner, tenant: tenant, start: start)
    }
}
