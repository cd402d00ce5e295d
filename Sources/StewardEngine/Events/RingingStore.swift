public import StewardCore

/// A store that rings a ``LedgerBell`` after every commit that appended ledger entries. Every
/// writer in the process goes through it, so the live event stream needs no polling.
public struct RingingStore: ChainVerifyingStore, WrappingStore {
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

    public func verifyChain(tenant: String, start: LedgerHead) async throws(StoreError) -> ChainVerification {
        if let scanning = inner as? any ChainVerifyingStore { return try await scanning.verifyChain(tenant: tenant, start: start) }
        return try await LedgerAudit.verifyPages(store: inner, tenant: tenant, start: start)
    }
}
