import Foundation
public import StewardCore

extension SQLiteStore: ChainVerifyingStore {
    /// Verifies a tenant's chain by scanning the SQLite statement directly, hashing on every core
    /// while it reads; a long chain is read by one reader per core (at most four).
    /// ``LedgerAudit/verify(store:tenant:start:parallelism:)`` calls this for SQLite stores.
    public func verifyChain(tenant: String, start: LedgerHead) async throws(StoreError) -> ChainVerification {
        try await verifyChain(tenant: tenant, start: start, readers: min(ProcessInfo.processInfo.activeProcessorCount, 4))
    }

    /// Verifies a tenant's chain with up to `readers` read transactions at once, each scanning a
    /// span of at least `minimumSpan` entries; one reader reads the rows and the recorded head
    /// from one snapshot.
    ///
    /// Spans are cut at the head recorded before they start; the last span runs to the end of the
    /// chain and reads the recorded head in its own snapshot, which holds every earlier span's rows
    /// since rows are only ever appended.
    public func verifyChain(
        tenant: String, start: LedgerHead, readers: Int, minimumSpan: Int = 8_192
    ) async throws(StoreError) -> ChainVerification {
        let label = "verify ledger of \(tenant)"
        let head = readers > 1 ? try await read(label) { db in try SQLiteCommitWriter.storedHead(tenant, in: db) } : .empty
        let cuts = SQLiteChainScan.cuts(start: start.seq, head: head.seq, readers: readers, minimumSpan: minimumSpan)
        guard cuts.count > 1 else {
            return try await read(label) { db in try SQLiteChainScan.verify(tenant: tenant, start: start, in: db) }
        }
        let results = await withTaskGroup(of: (Int, Result<SQLiteChainScan.Span, StoreError>).self) { group in
            for (index, after) in cuts.enumerated() {
                let through = index + 1 < cuts.count ? cuts[index + 1] : nil
                group.addTask {
                    do throws(StoreError) {
                        let span = try await self.read(label) { db in
                            try SQLiteChainScan.scan(
                                tenant: tenant, after: after, through: through, start: index == 0 ? start : nil, in: db)
                        }
                        return (index, .success(span))
                    } catch {
                        return (index, .failure(error))
                    }
                }
            }
            var results = [Result<SQLiteChainScan.Span, StoreError>?](repeating: nil, count: cuts.count)
            for await (index, result) in group { results[index] = result }
            return results
        }
        var spans: [SQLiteChainScan.Span] = []
        for result in results {
            guard let result else { continue }
            spans.append(try result.get())
        }
        return SQLiteChainScan.join(spans, tenant: tenant, start: start)
    }
}
