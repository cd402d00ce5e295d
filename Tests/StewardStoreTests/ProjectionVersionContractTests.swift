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

    @Test(arguments: StoreKind.allCases)
    func keysAndListsReadTogetherAnswerAsTheirOwnReads(kind: StoreKind) async throws {
        guard let f = try await kind.make() else { return }
        let store = f.store
        _ = try await store.commit(StoreCommit(drafts: [try draft()], projections: [
            Self.put("CEO", status: "healthy"), Self.put("CRO", status: "degraded"), Self.put("COO", status: "degraded"),
            Self.put("open-1", status: "open", collection: "breakers"), Self.put("shut-1", status: "closed", collection: "breakers"),
            Self.put("CEO", status: "healthy", tenant: "globex"),
        ]))
        let keys = [DocumentKey("agents", "CEO"), DocumentKey("breakers", "shut-1"), DocumentKey("agents", "nobody")]
        let queries = [
            ProjectionQuery(tenant: "acme", collection: "breakers", status: "open"),
            ProjectionQuery(tenant: "acme", collection: "agents", status: "degraded", limit: 1),
            ProjectionQuery(tenant: "acme", collection: "nothing"),
        ]
        let reads = try await store.projections(tenant: "acme", keys: keys, queries: queries)
        let keyed = try await store.projections(tenant: "acme", keys: keys)
        #expect(Set(reads.keyed.map { "\($0.collection)/\($0.id)@\($0.version)" }) == Set(keyed.map { "\($0.collection)/\($0.id)@\($0.version)" }))
        #expect(reads.keyed.count == 2, "each existing row once; a missing key is left out")
        var listed: [[String]] = []
        for query in queries { listed.append(try await store.projections(query).map(\.id)) }
        #expect(reads.listed.map { $0.map(\.id) } == listed)
        #expect(listed == [["open-1"], ["COO"], []], "each query filters, orders and limits on its own")
        #expect(try await store.projections(tenant: "globex", keys: keys, queries: []).keyed.map(\.id) == ["CEO"])
        await f.close()
    }

    @Test(arguments: StoreKind.allCases)
    func rewritesKeepTheirStatusAndRefListingsRight(kind: StoreKind) async throws {
        guard let f = try await kind.make() else { return }
        let store = f.store
        func put(_ body: String, status: String?, ref: String?) -> ProjectionChange {
            .put(ProjectionDocument(tenant: "acme", collection: "agents", id: "CRO", status: status, ref: ref, body: ["b": .string(body)]))
        }
        func listed(status: String? = nil, ref: String? = nil) async throws -> [String] {
            try await store.projections(ProjectionQuery(tenant: "acme", collection: "agents", status: status, ref: ref)).map { "\($0.id)@\($0.version)" }
        }
        // Same status and ref (the body alone changes), then each of them in turn, then both back to none.
        let steps: [(body: String, status: String?, ref: String?)] = [
            ("1", "healthy", "d-1"), ("2", "healthy", "d-1"), ("3", "degraded", "d-1"), ("4", "degraded", "d-2"), ("5", nil, nil), ("6", nil, nil),
        ]
        for (n, step) in steps.enumerated() {
            _ = try await store.commit(StoreCommit(drafts: [try draft(n: n)], projections: [put(step.body, status: step.status, ref: step.ref)]))
            let version = Int64(n + 1)
            let row = try await store.projections(tenant: "acme", keys: [DocumentKey("agents", "CRO")]).first
            #expect(row?.body == ["b": .string(step.body)] && row?.version == version && row?.status == step.status && row?.ref == step.ref)
            for status in ["healthy", "degraded"] {
                #expect(try await listed(status: status) == (step.status == status ? ["CRO@\(version)"] : []), "step \(n): status \(status)")
            }
            for ref in ["d-1", "d-2"] {
                #expect(try await listed(ref: ref) == (step.ref == ref ? ["CRO@\(version)"] : []), "step \(n): ref \(ref)")
            }
        }
        await f.close()
    }
}
