public import StewardCore

extension SQLiteStore: ChainVerifyingStore {
    /// Verifies a tenant's chain with one scan of the SQLite statement, hashing on every core while
    /// it reads, in one read transaction (rows and recorded head from the same snapshot).
    /// ``LedgerAudit/verify(store:tenant:start:parallelism:)`` calls this for SQLite stores.
    public func verifyChain(tenant: String, start: LedgerHead) async throws(StoreError) -> ChainVerification {
        try await read("verify ledger of \(tenant)") { db in try SQLiteChainScan.verify(tenant: tenant, start: start, in: db) }
    }
}
