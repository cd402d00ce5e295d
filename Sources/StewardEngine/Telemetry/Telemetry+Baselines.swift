public import StewardCore

/// Baselines: computed over the configured window on demand and weekly, kept as state rows
/// (collection `baselines`, one per skill), each computation a ledger entry.
extension Telemetry {
    static let collection = "baselines"

    /// What a computation did to one skill's baseline.
    public struct BaselineChange: Sendable {
        public var skill: String
        /// The baseline in force afterwards.
        public var baseline: SkillBaseline
        /// computed, or frozen (the existing one was kept: its first period has not ended).
        public var outcome: String
    }

    /// Computes the baseline of `skill` (or of every skill with records) from the executions of
    /// the last `baseline.windowDays` days, keeping a frozen one as it is.
    public func computeBaselines(tenant: String, skill: String? = nil, actor: String) async throws(StoreError) -> [BaselineChange] {
        let now = clock.now()
        let from = now.adding(milliseconds: -Int64(settings.baseline.windowDays) * 86_400_000)
        let skills: [String]
        if let skill { skills = [skill] } else { skills = try await store.executionSkills(tenant: tenant) }
        var changes: [BaselineChange] = []
        var commit = StoreCommit()
        for name in skills {
            let existing = try await storedBaseline(tenant: tenant, skill: name)
            if let existing, let frozen = existing.frozenUntil, frozen > now {
                changes.append(BaselineChange(skill: name, baseline: existing, outcome: "frozen"))
                continue
            }
            let samples = try await store.executionSamples(tenant: tenant, skill: name, from: from, to: now)
            guard var baseline = SkillBaseline.compute(
                skill: name, samples: samples, from: from, to: now, computedAt: now, minimumSample: settings.baseline.minimumSample)
            else { continue }
            // The first trustworthy baseline of a skill is frozen for the configured period.
            if existing == nil || existing?.provisional == true, !baseline.provisional, settings.baseline.freezeDays > 0 {
                baseline.frozenUntil = now.adding(milliseconds: Int64(settings.baseline.freezeDays) * 86_400_000)
            }
            do {
                try commit.record(
                    baseline, tenant: tenant, row: DocumentKey(Self.collection, name), kind: "baseline.computed", subject: "skill:\(name)",
                    actor: actor, at: now, revision: revision)
            } catch {
                throw StoreError(.invalid, operation: "record the baseline of \(name)", reason: error.description)
            }
            changes.append(BaselineChange(skill: name, baseline: baseline, outcome: "computed"))
        }
        if !commit.drafts.isEmpty { _ = try await store.commit(commit) }
        await book.forget(tenant: tenant)
        return changes
    }

    /// The stored baseline of every skill, in name order.
    public func baselines(tenant: String) async throws(StoreError) -> [SkillBaseline] {
        var all: [SkillBaseline] = []
        var after: String?
        while true {
            let rows = try await store.projections(ProjectionQuery(tenant: tenant, collection: Self.collection, afterID: after, limit: 500))
            all += rows.compactMap { try? JSONValueDecoder.decode(SkillBaseline.self, from: $0.body) }
            guard rows.count == 500 else { break }
            after = rows.last?.id
        }
        return all
    }

    /// The stored baseline of `skill`, or nil.
    public func storedBaseline(tenant: String, skill: String) async throws(StoreError) -> SkillBaseline? {
        guard let row = try await store.projection(tenant: tenant, collection: Self.collection, id: skill) else { return nil }
        return try? JSONValueDecoder.decode(SkillBaseline.self, from: row.body)
    }

    /// Whether recomputation is due: a skill with records has no baseline yet, or one is older
    /// than the window (a day, while it is provisional) and not frozen.
    public func baselinesDue(tenant: String) async throws(StoreError) -> Bool {
        let now = clock.now()
        let skills = try await store.executionSkills(tenant: tenant)
        guard !skills.isEmpty else { return false }
        let known = try await baselines(tenant: tenant)
        if known.count < skills.count { return true }
        let window = Int64(settings.baseline.windowDays) * 86_400_000
        // A provisional baseline (too few executions yet) is redone daily, a full one each window.
        return known.contains { b in
            now.milliseconds(since: b.computedAt) >= (b.provisional ? min(window, 86_400_000) : window) && (b.frozenUntil ?? now) <= now
        }
    }

    /// The baselines as CSV, one row per skill.
    public func baselinesCSV(tenant: String) async throws(StoreError) -> String {
        var lines = ["skill,period_from,period_to,computed_at,sample_size,provisional,frozen_until,success_rate,latency_p50_ms,latency_p95_ms,latency_p99_ms,avg_cost_usd,cost_std_dev_usd,avg_tokens,tokens_std_dev,cost_tier_breakdown"]
        for b in try await baselines(tenant: tenant) {
            let tiers = b.tierBreakdown.keys.sorted().map { "\($0):\(b.tierBreakdown[$0] ?? 0)" }.joined(separator: ";")
            lines.append([
                CSVField.escape(b.skill), b.from.rfc3339, b.to.rfc3339, b.computedAt.rfc3339, String(b.sampleSize), String(b.provisional),
                b.frozenUntil?.rfc3339 ?? "", String(b.successRate), String(b.latencyP50Ms), String(b.latencyP95Ms), String(b.latencyP99Ms),
                String(b.costMeanUSD), String(b.costStdDevUSD), String(b.tokensMean), String(b.tokensStdDev), CSVField.escape(tiers),
            ].joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// Baselines read by ingest, cached per tenant and skill for a minute (another replica's
/// recomputation shows within that time; this replica's at once).
actor BaselineBook {
    let store: any Store
    private var cached: [String: (baseline: SkillBaseline?, readAt: Timestamp)] = [:]

    init(store: any Store) { self.store = store }

    func baseline(tenant: String, skill: String, now: Timestamp) async throws(StoreError) -> SkillBaseline? {
        let key = tenant + "\u{1F}" + skill
        if let hit = cached[key], now.milliseconds(since: hit.readAt) < 60_000 { return hit.baseline }
        let row = try await store.projection(tenant: tenant, collection: Telemetry.collection, id: skill)
        let baseline = row.flatMap { try? JSONValueDecoder.decode(SkillBaseline.self, from: $0.body) }
        cached[key] = (baseline, now)
        return baseline
    }

    func forget(tenant: String) {
        cached = cached.filter { !$0.key.hasPrefix(tenant + "\u{1F}") }
    }
}
