/// Re-verifies a tenant's hash chain from what a store holds.
///
/// Hashes of a page are recomputed in parallel (they depend only on stored fields); the links
/// between entries are then checked in order, so the first bad sequence number is exact.
public enum LedgerAudit {
    /// Rows read per page while verifying.
    public static let pageSize = 16_384

    /// Verifies one tenant's chain from its first entry (or from `start`, a retention checkpoint).
    public static func verify(
        store: some Store, tenant: String, start: LedgerHead = .empty, parallelism: Int = 2
    ) async throws(StoreError) -> ChainVerification {
        var verifier = ChainVerifier(tenant: tenant, start: start)
        var cursor: Int64? = start.seq
        var fault: ChainFault?
        while let after = cursor, fault == nil {
            let page = try await store.ledger(tenant: tenant, query: LedgerQuery(afterSeq: after, limit: pageSize))
            let hashes = await recompute(page.rows, parallelism: parallelism)
            for (row, hash) in zip(page.rows, hashes) {
                if let found = verifier.check(row, recomputed: hash) {
                    fault = found
                    break
                }
            }
            cursor = page.nextCursor
        }
        let head = try await store.head(tenant: tenant)
        return verifier.finish(storedHead: head, fault: fault)
    }

    /// Recomputes the hashes of rows, split across `parallelism` child tasks.
    static func recompute(_ rows: [StoredLedgerRow], parallelism: Int) async -> [String] {
        guard rows.count > 256, parallelism > 1 else { return rows.map(\.recomputedHash) }
        let chunk = (rows.count + parallelism - 1) / parallelism
        return await withTaskGroup(of: (Int, [String]).self) { group in
            for start in stride(from: 0, to: rows.count, by: chunk) {
                let slice = Array(rows[start..<min(start + chunk, rows.count)])
                group.addTask { (start, slice.map(\.recomputedHash)) }
            }
            var out = [String](repeating: "", count: rows.count)
            for await (start, hashes) in group {
                for (offset, hash) in hashes.enumerated() { out[start + offset] = hash }
            }
            return out
        }
    }
}
