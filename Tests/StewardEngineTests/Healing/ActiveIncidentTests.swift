import StewardCore
import StewardEngine
import Testing

/// `status=active`: every incident not resolved, whatever its status, paged as one status is.
@Suite struct ActiveIncidentTests {
    @Test func activeIncidentsAreEveryUnresolvedOnePagedInIdOrder() async throws {
        let f = try HealingFixture()
        defer { f.close() }
        let healed = try #require(try await f.signal("CRO", .error).incident)
        try await f.signal("CRO")
        try await f.signal("CRO")
        #expect(try await f.incident(healed).status == .resolved)
        let first = try #require(try await f.signal("CMO", .error, errorCode: .inputMissing, dependencies: ["MarketIntel"]).incident)
        let second = try #require(try await f.signal("Content", .error, errorCode: .staleData, dependencies: ["MarketIntel"]).incident)
        let active = IncidentStatus.allCases.filter { $0 != .resolved }
        var ids: [String] = [], cursor: String?
        repeat {
            let page = try await f.remediator.incidents(tenant: "default", statuses: active, agent: nil, after: cursor, limit: 1)
            #expect(page.items.allSatisfy { $0.status != .resolved })
            ids += page.items.map(\.id)
            cursor = page.nextCursor
        } while cursor != nil
        #expect(ids == [first, second].sorted())
        // Statuses differ (the second is suppressed by the first), yet both are active.
        let statuses = (try await f.incident(first).status, try await f.incident(second).status)
        #expect(statuses.0 != .suppressed && statuses.1 == .suppressed)
        let cmo = try await f.remediator.incidents(tenant: "default", statuses: active, agent: "CMO", after: nil, limit: 10)
        #expect(cmo.items.map(\.id) == [first])
    }
}
