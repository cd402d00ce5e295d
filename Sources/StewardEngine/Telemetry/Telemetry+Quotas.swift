public import StewardCore

/// Free-tier quotas (seed 004 §1b.5): each batch adds its use to a counter per provider and quota
/// day (a tally, in the batch's own transaction); crossing 80%, 95% or the limit today writes a
/// `quota.warning`, `quota.critical` or `quota.exhausted` ledger entry in the same commit, and
/// exhaustion holds every skill that used the provider that day until the quota resets (the rows
/// remember which skills did). A provider's own report
/// of use (through a record's quota fields) above Steward's count is kept as use by others.
extension Telemetry {
    static let quotaCollection = "quota_usage"

    static func quotaRow(_ provider: String, day: Timestamp) -> String { "\(provider)@\(day.rfc3339)" }

    /// Adds the records' use to their providers' counters, with today's alerts and holds; the
    /// levels crossed today.
    func countQuotas(
        _ records: [SkillExecution], into commit: inout StoreCommit, tenant: String, now: Timestamp
    ) async throws(StoreError) -> [(kind: String, status: QuotaStatus)] {
        guard !settings.quotas.isEmpty else { return [] }
        var crossings: [(kind: String, status: QuotaStatus)] = []
        for quota in settings.quotas {
            var used: [Timestamp: Int64] = [:]
            var reported: [Timestamp: Int64] = [:]
            var users: [Timestamp: Set<String>] = [:]
            for record in records where record.provider?.lowercased() == quota.provider.lowercased() {
                let day = quota.dayStart(at: record.start)
                used[day, default: 0] += quota.usage(of: record)
                users[day, default: []].insert(record.skillName)
                let said = record.freeTierQuotaUsedToday ?? record.freeTierQuotaRemaining.map { quota.dailyLimit - $0 }
                    ?? record.freeTierQuotaPctUsed.map { Int64(($0 / 100 * Double(quota.dailyLimit)).rounded()) }
                if let said { reported[day] = max(reported[day] ?? 0, said) }
            }
            for day in used.keys.sorted() {
                let id = Self.quotaRow(quota.provider, day: day)
                let before = try await quotaStatus(quota, tenant: tenant, day: day, now: now)
                let counted = before.counted + (used[day] ?? 0)
                // What the provider reported beyond what Steward counted is use by others of the
                // same quota: it stays, and what Steward counts afterwards adds to it.
                let gap = reported[day].map { max(before.gap, $0 - counted) } ?? before.gap
                var maxima: [String: Double] = ["gap": Double(gap)]
                for skill in users[day] ?? [] { maxima[Self.userField(skill)] = 1 }
                commit.projections.append(.tally(Tally(
                    tenant: tenant, collection: Self.quotaCollection, id: id, increments: ["used": Double(used[day] ?? 0)],
                    maxima: maxima)))
                guard day == quota.dayStart(at: now) else { continue }
                let after = QuotaStatus.of(quota, counted: counted, unseen: gap, now: now)
                // Seed 004: alert above 80% and above 95% (so exactly 80% is still YELLOW and says
                // nothing); exhausted at 100%.
                for (kind, threshold, inclusive) in [("quota.warning", 80.0, false), ("quota.critical", 95.0, false), ("quota.exhausted", 100.0, true)]
                where inclusive ? (before.status.pctUsed < threshold && after.pctUsed >= threshold)
                    : (before.status.pctUsed <= threshold && after.pctUsed > threshold) {
                    do {
                        commit.drafts.append(try LedgerDraft(
                            tenant: tenant, ts: now, kind: kind, subject: "provider:\(quota.provider)", actor: "steward",
                            encoding: after, configRevision: revision))
                    } catch {
                        throw StoreError(.invalid, operation: "record a quota alert", reason: error.description)
                    }
                    crossings.append((kind, after))
                    guard kind == "quota.exhausted" else { continue }
                    for skill in before.skills.union(users[day] ?? []).sorted() {
                        try place(.quota(skill: skill, status: after, at: now), tenant: tenant, actor: "steward", into: &commit)
                    }
                }
            }
        }
        return crossings
    }

    /// The field of a quota row marking that `skill` used the provider that day.
    static func userField(_ skill: String) -> String { "skill:" + skill }

    /// Every configured quota as it stands now.
    public func quotas(tenant: String) async throws(StoreError) -> [QuotaStatus] {
        try await quotaUse(tenant: tenant).map(\.status)
    }

    /// Every configured quota as it stands now, with the skills that used it this quota day (the
    /// skills an exhaustion holds).
    public func quotaUse(tenant: String) async throws(StoreError) -> [(status: QuotaStatus, skills: Set<String>)] {
        let now = clock.now()
        var all: [(status: QuotaStatus, skills: Set<String>)] = []
        for quota in settings.quotas {
            let found = try await quotaStatus(quota, tenant: tenant, day: quota.dayStart(at: now), now: now)
            all.append((found.status, found.skills))
        }
        return all
    }

    func quotaStatus(
        _ quota: ProviderQuota, tenant: String, day: Timestamp, now: Timestamp
    ) async throws(StoreError) -> (status: QuotaStatus, counted: Int64, gap: Int64, skills: Set<String>) {
        let row = try await store.projection(tenant: tenant, collection: Self.quotaCollection, id: Self.quotaRow(quota.provider, day: day))
        let counted = Int64(row?.body["used"]?.doubleValue ?? 0)
        let gap = Int64(max(0, row?.body["gap"]?.doubleValue ?? 0))
        var skills: Set<String> = []
        if case .object(let fields)? = row?.body {
            for key in fields.keys where key.hasPrefix("skill:") { skills.insert(String(key.dropFirst("skill:".count))) }
        }
        return (QuotaStatus.of(quota, counted: counted, unseen: gap, now: now), counted, gap, skills)
    }
}
