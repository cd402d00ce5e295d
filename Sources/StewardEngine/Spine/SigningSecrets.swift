public import StewardCore

/// Each tenant's webhook signing secret: made on first use, kept among Steward's own rows, the
/// same on every replica. Agents verify `X-Steward-Signature` with it.
public struct SigningSecrets: Sendable {
    static let collection = "webhook_secrets"
    let store: any Store

    /// Secrets kept in `store`.
    public init(store: any Store) { self.store = store }

    /// The tenant's secret as hex text, created if it has none.
    public func secret(for tenant: String) async throws(StoreError) -> String {
        for _ in 0..<3 {
            if let row = try await store.projection(tenant: SystemCollections.namespace, collection: Self.collection, id: tenant),
               let hex = row.body["secret"]?.stringValue {
                return hex
            }
            var generator = SystemRandomNumberGenerator()
            let hex = Digest.hex((0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) })
            let row = ProjectionDocument(tenant: SystemCollections.namespace, collection: Self.collection, id: tenant, body: ["secret": .string(hex)])
            do {
                _ = try await store.commit(StoreCommit(
                    projections: [.put(row)],
                    preconditions: [ProjectionPrecondition(tenant: SystemCollections.namespace, collection: Self.collection, id: tenant, expectedVersion: 0)]))
                return hex
            } catch where error.code == .conflict {
                continue  // another replica made it first: read theirs
            }
        }
        throw StoreError(.conflict, operation: "create the signing secret of \(tenant)", reason: "kept conflicting")
    }

    /// The secret's bytes (the HMAC key is the hex text's UTF-8 bytes, as agents read it).
    public func key(for tenant: String) async -> [UInt8]? {
        (try? await secret(for: tenant)).map { Array($0.utf8) }
    }
}
