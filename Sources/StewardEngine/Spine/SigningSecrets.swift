public import StewardCore

/// Secrets made on first use and kept among Steward's own rows, the same on every replica: each
/// tenant's webhook signing secret (agents verify `X-Steward-Signature` with it) and the key that
/// signs Control Center session cookies.
public struct SigningSecrets: Sendable {
    let store: any Store
    let collection: String

    /// Secrets kept in `store` under `collection` (by default the webhook secrets).
    public init(store: any Store, collection: String = "webhook_secrets") {
        self.store = store
        self.collection = collection
    }

    /// The tenant's secret as hex text, created if it has none.
    public func secret(for tenant: String) async throws(StoreError) -> String {
        for _ in 0..<3 {
            if let row = try await store.projection(tenant: SystemCollections.namespace, collection: collection, id: tenant),
               let hex = row.body["secret"]?.stringValue {
                return hex
            }
            var generator = SystemRandomNumberGenerator()
            let hex = Digest.hex((0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) })
            let row = ProjectionDocument(tenant: SystemCollections.namespace, collection: collection, id: tenant, body: ["secret": .string(hex)])
            do {
                _ = try await store.commit(StoreCommit(
                    projections: [.put(row)],
                    preconditions: [ProjectionPrecondition(tenant: SystemCollections.namespace, collection: collection, id: tenant, expectedVersion: 0)]))
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
