import StewardCore

/// The check `serve` makes before it listens: each tenant's recorded chain head is its last entry.
///
/// Entries and their head are written in one transaction, so they disagree only when the file
/// was damaged or edited; every append would then fail. Starting anyway would answer "ready"
/// and then 500 to every write, so the server refuses to start and says what to do.
enum LedgerHeadCheck {
    /// The problems found, one per damaged tenant (none when every head matches its last entry).
    static func problems(in store: any Store) async throws(StoreError) -> [String] {
        var problems: [String] = []
        for tenant in try await store.tenants() {
            if let problem = try await problem(of: tenant, in: store) { problems.append(problem) }
        }
        return problems.map { $0 + "; run `steward ledger verify` and restore the database from a backup" }
    }

    /// The damage of one tenant's chain head, if any. The service rounds (and other replicas) may
    /// be appending meanwhile, so the head is read again after the entries: a head that moved
    /// means a commit landed between the reads, and the check is made again rather than taking
    /// its new entry for one beyond the head (QA r6 time H1).
    static func problem(of tenant: String, in store: any Store) async throws(StoreError) -> String? {
        for _ in 0..<20 {
            let head = try await store.head(tenant: tenant)
            let tail = try await store.ledger(tenant: tenant, query: LedgerQuery(afterSeq: max(head.seq - 1, 0), limit: 2)).rows
            guard try await store.head(tenant: tenant) == head else { continue }
            let last = tail.first { $0.seq == head.seq }
            if let beyond = tail.first(where: { $0.seq > head.seq }) {
                return "the ledger of tenant '\(tenant)' is damaged: entry \(beyond.seq) lies beyond its recorded head (seq \(head.seq))"
            } else if head.seq > 0, last?.hash != head.hash {
                return "the ledger of tenant '\(tenant)' is damaged: its recorded head (seq \(head.seq)) is not its last entry"
            }
            return nil
        }
        return nil  // the chain kept growing under the check: appends are working
    }

    /// The tenants whose last entry was written under another configuration revision than
    /// `revision`, with that revision: another replica runs another steward.yaml, or the file
    /// changed since the last start. Said at start so replicas that disagree do not go unnoticed.
    static func otherRevisions(in store: any Store, than revision: String) async throws(StoreError) -> [(tenant: String, revision: String)] {
        var found: [(tenant: String, revision: String)] = []
        for tenant in try await store.tenants() {
            let head = try await store.head(tenant: tenant)
            guard head.seq > 0 else { continue }
            let last = try await store.ledger(tenant: tenant, query: LedgerQuery(afterSeq: head.seq - 1, limit: 1)).rows.first
            if let last, last.configRevision != revision { found.append((tenant, last.configRevision)) }
        }
        return found
    }
}
