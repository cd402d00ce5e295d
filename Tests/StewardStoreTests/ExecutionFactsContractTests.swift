import Testing
import StewardCore

/// Execution facts on every store: the analysis columns, including the ones read out of the
/// stored body (strategy, provider, quota remaining), by tenant, skill and period.
@Suite("Execution facts contract")
struct ExecutionFactsContractTests {
    typealias C = ExecutionStoreContractTests

    @Test(arguments: StoreKind.allCases)
    func factsCarryEveryAnalysisColumn(kind: StoreKind) async throws {
        guard let f = try await kind.make() else { return }
        let store = f.store
        var a = C.record("a", minute: 0, succeeded: true, latencyMs: 100, cost: 0.5, tokens: 200, quotaPct: 10, tier: .Free)
        a.routingStrategy = "candidate_A"
        a.provider = "openai"
        a.freeTierQuotaRemaining = 900
        let b = C.record("b", minute: 1, succeeded: false, latencyMs: 300, cost: nil, tokens: 50, tier: nil)
        var c = C.record("c", skill: "scan", minute: 2, latencyMs: 70)
        c.routingStrategy = "current_deployment"
        let outside = [C.record("late", minute: 60 * 24), C.record("early", minute: -1)]
        try await C.append(try ([a, b, c] + outside).map { try C.row($0) }, to: store)
        try await C.append([try C.row(C.record("x", minute: 0), tenant: "globex")], to: store, tenant: "globex", n: 1)

        let from = Timestamp(millisecondsSinceEpoch: C.origin)
        let to = Timestamp(millisecondsSinceEpoch: C.origin + C.day)
        let all = try await store.executionFacts(tenant: "acme", skill: nil, from: from, to: to)
        #expect(all.map(\.skill) == ["deploy", "deploy", "scan"], "in storage order, the period only, this tenant only")
        #expect(all[0] == ExecutionFact(
            skill: "deploy", strategy: "candidate_A", provider: "openai", startMs: C.origin, endMs: C.origin + 100, succeeded: true,
            latencyMs: 100, costUSD: 0.5, tier: "Free", quotaPct: 10, quotaRemaining: 900, tokens: 200))
        #expect(all[1].tokens == 50 && all[2].tokens == 0)
        #expect(all[1].strategy == nil && all[1].provider == nil && all[1].costUSD == nil && all[1].tier == nil)
        #expect(all[1].quotaRemaining == nil && !all[1].succeeded && all[1].latencyMs == 300)
        #expect(all[2].strategy == "current_deployment")

        let scan = try await store.executionFacts(tenant: "acme", skill: "scan", from: from, to: to)
        #expect(scan.count == 1 && scan[0].latencyMs == 70)
        #expect(try await store.executionFacts(tenant: "acme", skill: "nope", from: from, to: to).isEmpty)
        #expect(try await store.executionFacts(tenant: "globex", skill: nil, from: from, to: to).count == 1)
        await f.close()
    }
}
