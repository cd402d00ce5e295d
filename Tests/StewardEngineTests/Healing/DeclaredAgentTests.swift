import StewardCore
import StewardEngine
import Testing

/// Agents declared in steward.yaml are part of the fleet from the start (state Unknown until their
/// first signal), listed and paged together with the agents that have a signal row.
@Suite struct DeclaredAgentTests {
    @Test func aDeclaredAgentIsListedAndFoundBeforeItsFirstSignal() async throws {
        let f = try HealingFixture()
        defer { f.close() }
        let head = try await f.store.head(tenant: "default").seq
        let page = try await f.remediator.agents(tenant: "default", state: nil, after: nil, limit: 100)
        #expect(page.items.map(\.name) == ["CMO", "CRO", "Content"])
        #expect(page.items.allSatisfy { $0.state == .unknown && $0.lastSeenAt == nil && $0.signals == 0 && !$0.autoRegistered })
        #expect(page.nextCursor == nil)
        let cro = try #require(try await f.remediator.agent("CRO", tenant: "default"))
        #expect(cro.state == .unknown && cro.domain == .revenue && cro.slots == 3)
        #expect(try await f.remediator.agent("Nobody", tenant: "default") == nil)
        // Another tenant's declared agents are not this one's.
        #expect(try await f.remediator.agents(tenant: "other", state: nil, after: nil, limit: 100).items.isEmpty)
        // Reading wrote nothing: the first signal writes the row, as before.
        #expect(try await f.store.head(tenant: "default").seq == head)
        try await f.signal("CRO")
        #expect(try await f.remediator.agent("CRO", tenant: "default")?.state == .healthy)
    }

    @Test func pagesMixDeclaredAndSignalledAgentsInNameOrderWithoutGapsOrRepeats() async throws {
        let f = try HealingFixture()
        defer { f.close() }
        try await f.signal("CRO")
        try await f.signal("Alpha")
        try await f.signal("Zed")
        // Byte order, as the store sorts ids: "CRO" before "Content".
        let all = ["Alpha", "CMO", "CRO", "Content", "Zed"]
        for limit in 1...6 {
            #expect(try await names(f, state: nil, limit: limit) == all, "limit \(limit)")
            #expect(try await names(f, state: .unknown, limit: limit) == ["CMO", "Content"], "limit \(limit)")
            #expect(try await names(f, state: .healthy, limit: limit) == ["Alpha", "CRO", "Zed"], "limit \(limit)")
        }
        let first = try await f.remediator.agents(tenant: "default", state: .unknown, after: nil, limit: 2)
        #expect(first.items.map(\.name) == ["CMO", "Content"] && first.nextCursor == "Content")
        let rest = try await f.remediator.agents(tenant: "default", state: nil, after: "Content", limit: 2)
        #expect(rest.items.map(\.name) == ["Zed"] && rest.nextCursor == nil)
    }

    /// Every page of the listing, followed by its cursor.
    func names(_ f: HealingFixture, state: AgentHealth?, limit: Int) async throws -> [String] {
        var out: [String] = []
        var cursor: String?
        for _ in 0..<20 {
            let page = try await f.remediator.agents(tenant: "default", state: state, after: cursor, limit: limit)
            out += page.items.map(\.name)
            guard let next = page.nextCursor else { return out }
            cursor = next
        }
        Issue.record("the listing did not end")
        return out
    }
}
