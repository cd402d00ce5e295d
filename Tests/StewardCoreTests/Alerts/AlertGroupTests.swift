import Testing
import StewardCore

/// Grouping and rate limits (seed 004 §2a.2): one cause pages once per interval, repeats fold
/// into the next page, silenced and digest-only alerts never page.
@Suite struct AlertGroupTests {
    static let t0 = Timestamp(millisecondsSinceEpoch: 1_772_366_400_000)
    static let hour: Int64 = 3_600_000

    static func alert(_ rule: AlertRule = .fingerprintMismatch, skill: String? = "s1", at offset: Int64 = 0) -> Alert {
        Alert(rule: rule, tenant: "t", skill: skill, summary: "x", at: t0.adding(milliseconds: offset))
    }

    /// (offset of each alert in ms, expected outcomes, repeats carried by each).
    @Test(arguments: [
        ([0, 1_000, 2_000], [AlertGroup.Outcome.paged, .folded, .folded], [0, 0, 0]),
        ([0, 1_000, hour], [.paged, .folded, .paged], [0, 0, 1]),
        ([0, hour - 1, hour, hour + 5], [.paged, .folded, .paged, .folded], [0, 0, 1, 0]),
        ([0, 2 * hour, 4 * hour], [.paged, .paged, .paged], [0, 0, 0]),
    ])
    func pagesOncePerInterval(offsets: [Int64], outcomes: [AlertGroup.Outcome], repeats: [Int]) {
        var group = AlertGroup(key: Self.alert().groupKey)
        for (index, offset) in offsets.enumerated() {
            let (outcome, carried, next) = group.decide(Self.alert(at: offset), silencedBy: nil, intervalMilliseconds: Self.hour)
            #expect(outcome == outcomes[index], "alert \(index)")
            #expect(carried == repeats[index], "alert \(index)")
            group = next
        }
        #expect(group.total == offsets.count)
    }

    @Test func silencedAlertsAreCountedNotPagedNorFolded() {
        let silence = Silence(id: "sil_1", rule: "fingerprint-mismatch", skill: nil, reason: "deploying", expiresAt: Self.t0.adding(milliseconds: Self.hour), createdAt: Self.t0, createdBy: "key:op")
        let (outcome, _, next) = AlertGroup(key: "k").decide(Self.alert(), silencedBy: silence, intervalMilliseconds: Self.hour)
        #expect(outcome == .silenced)
        #expect(next.lastPagedAt == nil && next.foldedSincePage == 0 && next.total == 1)
    }

    /// QA paging M3: a skill's streak explained by its vendor's outage is counted, not paged, and
    /// leaves the group free to page at once for a cause of its own.
    @Test func inhibitedAlertsAreCountedNotPaged() {
        var inhibited = Self.alert(.successRate)
        inhibited.inhibitedBy = "t|vendor-degraded|openai"
        let (outcome, _, next) = AlertGroup(key: "k").decide(inhibited, silencedBy: nil, intervalMilliseconds: Self.hour)
        #expect(outcome == .inhibited && next.lastPagedAt == nil && next.total == 1)
        #expect(next.decide(Self.alert(.successRate, at: 1_000), silencedBy: nil, intervalMilliseconds: Self.hour).outcome == .paged)
        #expect(AlertRecord(inhibited, outcome: outcome, repeats: 0, silence: nil).inhibitedBy == "t|vendor-degraded|openai")
    }

    /// Alertmanager's "resolved": only a group that paged is told its cause ended, once; a cause
    /// that comes back within the interval is news and pages at once.
    @Test func aPagedGroupIsResolvedOnceAndItsCauseReturningPagesAgain() {
        #expect(AlertGroup(key: "k").resolving(at: Self.t0) == nil, "never paged: nothing to take back")
        let (_, _, paged) = AlertGroup(key: "k").decide(Self.alert(), silencedBy: nil, intervalMilliseconds: Self.hour)
        let resolved = paged.resolving(at: Self.t0.adding(milliseconds: 1_000))
        #expect(resolved?.isResolved == true && resolved?.resolving(at: Self.t0.adding(milliseconds: 2_000)) == nil)
        guard let resolved else { return }
        #expect(resolved.decide(Self.alert(at: 5_000), silencedBy: nil, intervalMilliseconds: Self.hour).outcome == .paged)
        #expect(paged.decide(Self.alert(at: 5_000), silencedBy: nil, intervalMilliseconds: Self.hour).outcome == .folded)
    }

    @Test func digestRulesNeverPage() {
        let (outcome, _, next) = AlertGroup(key: "k").decide(Self.alert(.latency), silencedBy: nil, intervalMilliseconds: Self.hour)
        #expect(outcome == .digest)
        #expect(next.lastPagedAt == nil)
    }

    @Test func groupKeyIsTenantRuleAndSkillOrProvider() {
        #expect(Self.alert().groupKey == "t|fingerprint-mismatch|s1")
        #expect(Alert(rule: .quotaExhausted, tenant: "t", provider: "openai", summary: "x", at: Self.t0).groupKey == "t|quota-exhausted|openai")
        #expect(Self.alert(skill: "s1").groupKey != Self.alert(skill: "s2").groupKey)
    }

    @Test func shippedTableFollowsTheSeed() {
        let byID = Dictionary(uniqueKeysWithValues: AlertRule.defaults.map { ($0.id, $0) })
        #expect(byID.count == AlertRule.defaults.count)
        for id in ["success-rate", "quota-critical", "fingerprint-mismatch", "quota-exhausted"] {
            #expect(byID[id]?.severity == .critical && byID[id]?.delivery == .page, "\(id)")
        }
        for id in ["quota-warning", "latency", "cost"] {
            #expect(byID[id]?.severity == .warning && byID[id]?.delivery == .digest, "\(id)")
        }
        #expect(AlertRule.defaults.filter(\.pausesSkill).map(\.id) == ["quota-exhausted"])
        #expect(byID["vendor-degraded"]?.severity == .warning && byID["vendor-degraded"]?.delivery == .page)
        #expect(AlertRule.forAnomaly(dominant: "latency") == .latency)
        #expect(AlertRule.forAnomaly(dominant: "success") == .successRate)
        #expect(AlertRule.forQuota(kind: "quota.critical") == .quotaCritical)
        #expect(AlertRule.forQuota(kind: "quota.other") == nil)
    }

    @Test func pageTextIsOneActionableLine() {
        let text = AlertMessage.text(Self.alert(), repeats: 3)
        #expect(text.hasPrefix("🔴 CRITICAL Fingerprint mismatch — skill s1: x"))
        #expect(text.hasSuffix("(+3 repeats since the last page)"))
        guard case .array(let blocks) = AlertMessage.blocks(Self.alert(), repeats: 0) else { Issue.record("blocks are not a list"); return }
        #expect(blocks.map { $0["type"] } == ["section", "context"])
    }
}
