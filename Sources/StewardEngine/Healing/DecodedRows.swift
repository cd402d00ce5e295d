import StewardCore
import Synchronization

/// Decoded state rows kept by key and version, so a reader that lists many rows (the fleet page's
/// thousand agents, read on every load) reads and decodes only those that changed since it last
/// looked. Every read asks the store for the current versions first: a kept row is never stale.
final class DecodedRows: Sendable {
    private struct Key: Hashable {
        var tenant: String
        var collection: String
        var id: String
        var type: ObjectIdentifier
    }

    /// What is kept for a key last seen without a row.
    private struct Absent: Sendable {}

    private let kept = Mutex<[Key: (version: Int64, value: any Sendable)]>([:])
    /// Past this many rows the whole set is dropped and refilled by the next reads.
    private let capacity: Int

    init(capacity: Int = 50_000) {
        self.capacity = capacity
    }

    /// The rows `query` selects, decoded as `T`, in the query's order.
    func rows<T: Decodable & Sendable>(
        _ type: T.Type, _ query: ProjectionQuery, store: any Store
    ) async throws(HealingError) -> [(value: T, version: Int64)] {
        let versions: [ProjectionVersion]
        do { versions = try await store.projectionVersions(query) } catch { throw .store(error) }
        let found = try await resolve(type, tenant: query.tenant, versions, store: store)
        return versions.compactMap { found[$0.key] }
    }

    /// The rows of `keys` that exist, decoded as `T`, by key.
    func rows<T: Decodable & Sendable>(
        _ type: T.Type, tenant: String, keys: [DocumentKey], store: any Store
    ) async throws(HealingError) -> [DocumentKey: (value: T, version: Int64)] {
        guard !keys.isEmpty else { return [:] }
        let versions: [ProjectionVersion]
        do { versions = try await store.projectionVersions(tenant: tenant, keys: keys) } catch { throw .store(error) }
        return try await resolve(type, tenant: tenant, keys: keys, versions, store: store)
    }

    /// The rows of two sets of keys, decoded as `A` and `B`, with one read of their versions.
    func rows<A: Decodable & Sendable, B: Decodable & Sendable>(
        _ a: A.Type, keys aKeys: [DocumentKey], _ b: B.Type, keys bKeys: [DocumentKey], tenant: String, store: any Store
    ) async throws(HealingError) -> (a: [DocumentKey: (value: A, version: Int64)], b: [DocumentKey: (value: B, version: Int64)]) {
        let versions: [ProjectionVersion]
        do { versions = try await store.projectionVersions(tenant: tenant, keys: aKeys + bKeys) } catch { throw .store(error) }
        let ofA = Set(aKeys)
        return (
            try await resolve(a, tenant: tenant, keys: aKeys, versions.filter { ofA.contains($0.key) }, store: store),
            try await resolve(b, tenant: tenant, keys: bKeys, versions.filter { !ofA.contains($0.key) }, store: store)
        )
    }

    /// The rows of `keys` as last read or written, without asking the store: nil when any key is
    /// not kept; a nil value with version 0 is a row last seen absent. What this answers may be
    /// stale, so a writer that uses it must condition its commit on these versions.
    func lastKnown<T: Sendable>(_ type: T.Type, tenant: String, keys: [DocumentKey]) -> [DocumentKey: (value: T?, version: Int64)]? {
        let kind = ObjectIdentifier(T.self)
        return kept.withLock { kept in
            var found: [DocumentKey: (value: T?, version: Int64)] = [:]
            for key in keys {
                guard let entry = kept[Key(tenant: tenant, collection: key.collection, id: key.id, type: kind)] else { return nil }
                if entry.version == 0 {
                    found[key] = (nil, 0)
                } else if let value = entry.value as? T {
                    found[key] = (value, entry.version)
                } else {
                    return nil
                }
            }
            return found
        }
    }

    /// Keeps a row its reader has just written at a known version (the version it expected plus
    /// one), so the next read finds it without reading its body.
    func keep<T: Sendable>(_ value: T, tenant: String, key: DocumentKey, version: Int64) {
        let entry = Key(tenant: tenant, collection: key.collection, id: key.id, type: ObjectIdentifier(T.self))
        kept.withLock { kept in
            if kept.count >= capacity { kept.removeAll(keepingCapacity: true) }
            kept[entry] = (version, value)
        }
    }

    /// The rows of `keys` that `versions` lists: kept ones at their current version, the others
    /// read and decoded (and kept). Keys without a row are kept as absent (version 0), for `lastKnown`.
    private func resolve<T: Decodable & Sendable>(
        _ type: T.Type, tenant: String, keys: [DocumentKey], _ versions: [ProjectionVersion], store: any Store
    ) async throws(HealingError) -> [DocumentKey: (value: T, version: Int64)] {
        let found = try await resolve(type, tenant: tenant, versions, store: store)
        let absent = keys.filter { found[$0] == nil }
        if !absent.isEmpty {
            let kind = ObjectIdentifier(T.self)
            kept.withLock { kept in
                if kept.count + absent.count > capacity { kept.removeAll(keepingCapacity: true) }
                for key in absent { kept[Key(tenant: tenant, collection: key.collection, id: key.id, type: kind)] = (0, Absent()) }
            }
        }
        return found
    }

    /// Kept rows at their current version, the others read and decoded (and kept).
    private func resolve<T: Decodable & Sendable>(
        _ type: T.Type, tenant: String, _ versions: [ProjectionVersion], store: any Store
    ) async throws(HealingError) -> [DocumentKey: (value: T, version: Int64)] {
        let kind = ObjectIdentifier(T.self)
        var found: [DocumentKey: (value: T, version: Int64)] = [:]
        var missing: [DocumentKey] = []
        kept.withLock { kept in
            for item in versions {
                let key = Key(tenant: tenant, collection: item.key.collection, id: item.key.id, type: kind)
                if let entry = kept[key], entry.version == item.version, let value = entry.value as? T {
                    found[item.key] = (value, item.version)
                } else {
                    missing.append(item.key)
                }
            }
        }
        guard !missing.isEmpty else { return found }
        let docs: [ProjectionDocument]
        do { docs = try await store.projections(tenant: tenant, keys: missing) } catch { throw .store(error) }
        var fresh: [(Key, Int64, T)] = []
        for doc in docs {
            let value = try store.decodeRow(T.self, doc)
            // A row written since its version was read comes back newer: it is answered as read.
            found[DocumentKey(doc.collection, doc.id)] = (value, doc.version)
            fresh.append((Key(tenant: tenant, collection: doc.collection, id: doc.id, type: kind), doc.version, value))
        }
        kept.withLock { kept in
            if kept.count + fresh.count > capacity { kept.removeAll(keepingCapacity: true) }
            for (key, version, value) in fresh { kept[key] = (version, value) }
        }
        return found
    }
}
