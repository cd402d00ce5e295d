import GRDB
import StewardCore
@testable import StewardSQLite
import StewardTestSupport
import Testing

/// A listing by status or ref reads only its matches. SQLite has no statistics here, and its
/// planner used to take the primary key to avoid a sort: every listing of open actions walked
/// every action ever stored, so a simulated week slowed down day by day.
@Suite("SQLite projection listings use their index")
struct ProjectionListingPlanTests {
    @Test func listingsByStatusOrRefSearchTheirIndexInIDOrder() async throws {
        let directory = try TemporaryDirectory(prefix: "steward-plan")
        defer { directory.remove() }
        let path = directory.file("steward.sqlite")
        let store = try SQLiteStore(path: path)
        var commit = StoreCommit()
        for n in 0..<600 {
            let id = "act_\(String(1_000 + n))"
            commit.projections.append(.put(ProjectionDocument(
                tenant: "acme", collection: "actions", id: id, status: n % 100 == 7 ? "open" : "done", ref: "acct-\(n % 3)",
                body: ["n": .int(Int64(n))])))
        }
        _ = try await store.commit(commit)

        let open = try await store.projections(ProjectionQuery(tenant: "acme", collection: "actions", status: "open", limit: 100))
        #expect(open.map(\.id) == (0..<6).map { "act_\(1_007 + $0 * 100)" })
        let page = try await store.projections(ProjectionQuery(
            tenant: "acme", collection: "actions", status: "done", ref: "acct-1", afterID: "act_1500", limit: 3))
        #expect(page.map(\.id) == ["act_1502", "act_1505", "act_1508"])

        let queue = try DatabaseQueue(path: path)
        let queries = [
            ProjectionQuery(tenant: "acme", collection: "actions", status: "open", limit: 100),
            ProjectionQuery(tenant: "acme", collection: "actions", status: "open", afterID: "act_1107", limit: 100),
            ProjectionQuery(tenant: "acme", collection: "actions", ref: "acct-1", limit: 100),
            ProjectionQuery(tenant: "acme", collection: "actions", status: "done", ref: "acct-1", afterID: "act_1500", limit: 3),
        ]
        for query in queries {
            let (sql, arguments) = SQLiteProjectionReader.listing(query, columns: SQLiteProjectionReader.columns)
            let plan = try await queue.read { db in
                try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql, arguments: arguments).map { $0["detail"] as String }
            }.joined(separator: "; ")
            let index = query.ref != nil ? "projections_by_ref" : "projections_by_status"
            #expect(plan.contains("USING INDEX \(index)"), "\(query): \(plan)")
            #expect(!plan.contains("TEMP B-TREE"), "\(query) sorts: \(plan)")
        }
    }
}
