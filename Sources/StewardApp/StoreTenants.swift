public import StewardCore

/// The tenants a store knows, for the command-line tools: those with a chain (entries or a head)
/// and those created (each tenant's creation is the first entry of its chain).
public struct StoreTenants: Sendable {
    /// Tenants with ledger entries or a recorded head.
    public var chained: [String]
    /// Tenants created in this store.
    public var created: Set<String>
    /// Tenants API keys belong to: a key needs its tenant created, so each of them was.
    public var keyed: Set<String> = []

    /// Every tenant, in name order.
    public var all: [String] { Array(Set(chained).union(created).union(keyed)).sorted() }

    /// Reads the lists from `store`.
    public static func read(_ store: any Store) async throws(StoreError) -> StoreTenants {
        let created = Set(try await systemRows(SystemCollections.tenants, in: store).map(\.id))
        let keyed = Set(try await systemRows(SystemCollections.apiKeys, in: store).compactMap(\.ref))
        return StoreTenants(chained: try await store.tenants(), created: created, keyed: keyed)
    }

    /// Every row of one of Steward's own collections, page by page.
    private static func systemRows(_ collection: String, in store: any Store) async throws(StoreError) -> [ProjectionDocument] {
        var rows: [ProjectionDocument] = []
        var after: String?
        while true {
            let page = try await store.projections(ProjectionQuery(
                tenant: SystemCollections.namespace, collection: collection, afterID: after, limit: 1000))
            rows += page
            guard page.count == 1000, let last = page.last else { return rows }
            after = last.id
        }
    }

    /// Nil when `tenant` is known here; otherwise the problem to report, naming the known ones.
    public func problem(with tenant: String) -> String? {
        if all.contains(tenant) { return nil }
        let known = all.isEmpty ? "it has none" : "its tenants: " + all.joined(separator: ", ")
        return "tenant '\(tenant)' has no ledger in this store (\(known))"
    }

    /// `result`, or a fault when the chain of a created tenant, or of one with API keys, is empty:
    /// its entries were removed (with its creation, for a tenant only keys still name).
    public func judged(_ result: ChainVerification) -> ChainVerification {
        guard result.ok, result.entriesChecked == 0, created.contains(result.tenant) || keyed.contains(result.tenant) else { return result }
        var judged = result
        judged.fault = ChainFault(
            seq: 1,
            problem: created.contains(result.tenant)
                ? "the tenant exists but its ledger is empty: its entries were removed"
                : "API keys of the tenant remain but its ledger and its creation are gone: they were removed")
        return judged
    }
}
