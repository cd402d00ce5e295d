public import StewardCore

/// The optimization engine's four analyses (seed 004 §2b.1) over the executions of the last
/// `days` days: reliability ranking, cost by skill, latency by hour, quota utilisation.
public struct ExecutionInsights: Sendable {
    let store: any Store
    let clock: any WallClock
    let quotas: [ProviderQuota]

    /// Analyses over `store`, windows ending at `clock`'s now; `quotas` turn a reported quota
    /// remaining into a percent used.
    public init(store: any Store, clock: any WallClock, quotas: [ProviderQuota] = []) {
        self.store = store
        self.clock = clock
        self.quotas = quotas
    }

    /// The window an analysis covered: executions starting in [from, to).
    public struct Window: Sendable, Hashable, Codable {
        public var from: Timestamp
        public var to: Timestamp
        public var days: Int
    }

    /// The executions of the last `days` days (of `skill`, when given), and the window.
    func facts(tenant: String, skill: String? = nil, days: Int) async throws(StoreError) -> ([ExecutionFact], Window) {
        let to = clock.now().adding(milliseconds: 1)
        let from = to.adding(milliseconds: -Int64(days) * Timestamp.millisecondsPerDay)
        return (try await store.executionFacts(tenant: tenant, skill: skill, from: from, to: to), Window(from: from, to: to, days: days))
    }

    /// Skills ranked by success rate.
    public func reliability(tenant: String, days: Int) async throws(StoreError) -> (Window, [SkillReliability]) {
        let (facts, window) = try await facts(tenant: tenant, days: days)
        return (window, SkillReliability.ranking(facts))
    }

    /// Cost per skill, of cost tier `tier` when given.
    public func cost(tenant: String, tier: String?, days: Int) async throws(StoreError) -> (Window, [SkillCost]) {
        let (facts, window) = try await facts(tenant: tenant, days: days)
        return (window, SkillCost.breakdown(facts, tier: tier))
    }

    /// Latency percentiles per UTC hour of start, of `skill` when given.
    public func latencyByHour(tenant: String, skill: String?, days: Int) async throws(StoreError) -> (Window, [HourlyLatency]) {
        let (facts, window) = try await facts(tenant: tenant, skill: skill, days: days)
        return (window, HourlyLatency.byHour(facts))
    }

    /// Quota use per day, provider and skill, with each quota's runway.
    public func quota(tenant: String, days: Int) async throws(StoreError) -> (Window, QuotaUtilization) {
        let (facts, window) = try await facts(tenant: tenant, days: days)
        return (window, QuotaUtilization.of(facts, quotas: quotas))
    }
}
