import StewardCore
import StewardEngine
import StewardTestSupport
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

    /// QA r4 authz H1: another tenant's key named an agent declared for "default"; the signal
    /// registered it in that tenant and its remediation ran the executor "default" configured.
    @Test func anAgentDeclaredForAnotherTenantIsNeitherRegisteredNorRunWithItsExecutor() async throws {
        let runner = ExecutorSpec.command(CommandExecutorSpec(argv: ["/bin/true"]))
        let f = try HealingFixture { c in
            c.tenants = [TenantSpec(id: "default", name: "Default"), TenantSpec(id: "other", name: "Other")]
            c.agents[0].executor = runner
        }
        defer { f.close() }
        let signal = StatusSignal(
            agent: "CRO", status: .error, lastReport: "test",
            metrics: SignalMetrics(successRate: 0.2, alignment: 0.9, backlogAgeMinutes: 3, costBurnRatePerHour: 0.5),
            context: SignalContext(errorCode: .timeout), ts: f.clock.now())
        let head = try await f.store.head(tenant: "other")
        let refusal = await #expect(throws: HealingError.self) {
            _ = try await f.healing.intake.ingest([signal], tenant: "other", actor: "key:other")
        }
        #expect(refusal?.description.contains(
            "agent: agent 'CRO' is declared in steward.yaml for another tenant, not 'other': a key of 'other' cannot speak for it") == true,
            "\(String(describing: refusal))")
        #expect(try await f.store.head(tenant: "other") == head)
        await #expect(throws: SpineError.self) {
            _ = try await f.spine.propose(ActionProposal(id: "act_x", tenant: "other", agent: "CRO", type: "create_internal_note"), actor: "key:other")
        }
        // The agent's own executor is its tenant's only.
        var type = try #require(f.spine.spineRules.types["restartAgent"])
        type.executor = .agent
        #expect(f.spine.spineRules.executor(of: type, agent: "CRO", tenant: "default") == runner)
        #expect(f.spine.spineRules.executor(of: type, agent: "CRO", tenant: "other") == .record)
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
