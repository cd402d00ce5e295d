import Testing
import StewardCore

/// Row versions without bodies, on every store: the same rows, order and filters as the full
/// reads, so a reader that keeps decoded rows can trust them.
@Suite("Projection version contract")
struct ProjectionVersionContractTests {
    static func put(_ id: String, status: String, tenant: String = "acme", collection: String = "agents") -> ProjectionChange {
        .put(ProjectionDocument(tenant: tenant, collection: collection, id: id, status: status, body: ["id": .string(id)]))
    }

    @Test(arguments: StoreKind.allCases)
    func versionsFollowTheRowsTheyDescribe(kind: StoreKind) async throws {
        guard let f = try await kind.make() else { return }
        let store = f.store
        _ = try await store.commit(StoreCommit(drafts: [try draft()], projections: [
            Self.put("CEO", status: "healthy"), Self.put("CRO", status: "degraded"), Self.put("COO", status: "healthy"),
            Self.put("CEO", status: "healthy", collection: "allocations"), Self.put("CEO", status: "healthy", tenant: "globex"),
        ]))
        _ = try await store.commit(StoreCommit(drafts: [try draft(n: 1)], projections: [Self.put("CRO", status: "healthy")]))

        let query = ProjectionQuery(tenant: "acme", collection: "agents")
        let full = try await store.projections(query)
        let versions = try await store.projectionVersions(query)
        #expect(versions == full.map { ProjectionVersion(key: DocumentKey($0.collection, $0.id), version: $0.version) })
        #expect(versions.map(\.key.id) == ["CEO", "COO", "CRO"], "ordered by id")
        #expect(versions.first { $0.key.id == "CRO" }?.version == versions.first { $0.key.id == "CEO" }.map { $0.version + 1 },
                "a rewrite bumps the version")
        #expect(try await store.projectionVersions(ProjectionQuery(tenant: "acme", collection: "agents", status: "healthy", afterID: "CEO", limit: 1))
            .map(\.key.id) == ["COO"], "status, cursor and limit filter as for full rows")

        let keys = [DocumentKey("agents", "CRO"), DocumentKey("allocations", "CEO"), DocumentKey("agents", "nobody"), DocumentKey("agents", "CRO")]
        let byKey = try await store.projectionVersions(tenant: "acme", keys: keys)
        let rows = try await store.projections(tenant: "acme", keys: keys)
        #expect(Set(byKey) == Set(rows.map { ProjectionVersion(key: DocumentKey($0.collection, $0.id), version: $0.version) }))
        #expect(byKey.count == 2, "each existing row once; a missing key is left out")
        #expect(try await store.projectionVersions(tenant: "initech", keys: keys).isEmpty)
        await f.close()
    }
}
