import StewardCore
import Synchronization

/// A real store that also records the ledger kinds of each commit, in order, so a test can say
/// which entries were made durable together, and between them each read of state rows.
final class CommitRecordingStore: WrappingStore {
    let inner: any Store
    private let recorded = Mutex<[Operation]>([])

    /// A call the store answered.
    enum Operation: Equatable {
        /// A commit, with the kinds of its ledger entries.
        case commit([String])
        /// One read of state rows (one round trip, however many rows): what it read, e.g.
        /// `incidents/inc_1`, `keys agents,agent_health`, `query breakers`.
        case read(String)

        var isRead: Bool { if case .read = self { true } else { false } }
    }

    init(_ inner: any Store) { self.inner = inner }

    /// The ledger kinds of each commit so far.
    var commits: [[String]] {
        recorded.withLock { $0.compactMap { if case .commit(let kinds) = $0 { kinds } else { nil } } }
    }

    /// Every commit and read of state rows so far, in order.
    var operations: [Operation] { recorded.withLock { $0 } }

    func commit(_ commit: StoreCommit) async throws(StoreError) -> CommitReceipt {
        let receipt = try await inner.commit(commit)
        recorded.withLock { $0.append(.commit(commit.drafts.map(\.kind))) }
        return receipt
    }

    private static func collections(_ keys: [DocumentKey]) -> String {
        var seen: [String] = []
        for key in keys where !seen.contains(key.collection) { seen.append(key.collection) }
        return seen.joined(separator: ",")
    }

    private func read<T>(_ label: String, _ body: () async throws(StoreError) -> T) async throws(StoreError) -> T {
        recorded.withLock { $0.append(.read(label)) }
        return try await body()
    }

    func projection(tenant: String, collection: String, id: String) async throws(StoreError) -> ProjectionDocument? {
        try await read("\(collection)/\(id)") { () async throws(StoreError) in try await inner.projection(tenant: tenant, collection: collection, id: id) }
    }
    func projections(tenant: String, keys: [DocumentKey]) async throws(StoreError) -> [ProjectionDocument] {
        try await read("keys \(Self.collections(keys))") { () async throws(StoreError) in try await inner.projections(tenant: tenant, keys: keys) }
    }
    func projections(tenant: String, keys: [DocumentKey], queries: [ProjectionQuery]) async throws(StoreError) -> ProjectionReads {
        try await read("keys \(Self.collections(keys)) and queries \(queries.map(\.collection).joined(separator: ","))") { () async throws(StoreError) in try await inner.projections(tenant: tenant, keys: keys, queries: queries) }
    }
    func projections(_ query: ProjectionQuery) async throws(StoreError) -> [ProjectionDocument] {
        try await read("query \(query.collection)") { () async throws(StoreError) in try await inner.projections(query) }
    }
    func projectionVersions(_ query: ProjectionQuery) async throws(StoreError) -> [ProjectionVersion] {
        try await read("query \(query.collection)") { () async throws(StoreError) in try await inner.projectionVersions(query) }
    }
    func projectionVersions(tenant: String, keys: [DocumentKey]) async throws(StoreError) -> [ProjectionVersion] {
        try await read("keys \(Self.collections(keys))") { () async throws(StoreError) in try await inner.projectionVersions(tenant: tenant, keys: keys) }
    }
}
