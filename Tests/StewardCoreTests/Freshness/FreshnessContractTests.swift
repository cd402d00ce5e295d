@testable import StewardCore
import Testing

/// Freshness checks and the refresh → fallback → degrade plan of requirement 000 §4.
@Suite("Freshness contracts")
struct FreshnessContractTests {
    static let now = Timestamp(millisecondsSinceEpoch: 1_800_000_000_000)
    static let sixHours = DegradeMode.useLastKnownGood(maxAgeSeconds: 6 * 3600)
    /// The contract example of seed 000: `{MarketIntel, 60, fallback PartnerFeeds, UseLastKnownGood<=6h}`.
    static let marketIntel = SourceSpec(
        name: "MarketIntel", freshnessTargetMinutes: 60, fallback: "PartnerFeeds",
        degradeMode: DegradeMode(parsing: "UseLastKnownGood<=6h") ?? .reducedScope)
    static let partnerFeeds = SourceSpec(name: "PartnerFeeds", freshnessTargetMinutes: 120)

    static func ago(minutes: Int64, plus milliseconds: Int64 = 0) -> Timestamp {
        now.adding(milliseconds: -(minutes * 60_000 + milliseconds))
    }

    static func state(
        _ name: String, refreshed: Timestamp?, good: Timestamp? = nil, reachable: Bool = true
    ) -> SourceState {
        SourceState(name: name, lastRefreshedAt: refreshed, lastKnownGoodAt: good, reachable: reachable)
    }

    static func plan(
        state: SourceState?, fallback: SourceState? = nil, refreshFailed: Bool = false, spec: SourceSpec = marketIntel
    ) -> FreshnessPlan {
        FreshnessContract.plan(
            for: spec, state: state, fallback: (spec: partnerFeeds, state: fallback), refreshFailed: refreshFailed, now: now)
    }

    @Test("The seed contract parses as written")
    func seedContract() {
        #expect(Self.marketIntel.degradeMode == Self.sixHours)
    }

    @Test("Age exactly at the target is fresh; one millisecond over is stale", arguments: [
        (Int64(0), Int64(0), FreshnessCheck.Status.fresh), (60, 0, .fresh), (60, 1, .stale), (59, 59_999, .fresh), (95, 0, .stale),
    ])
    func boundary(_ minutes: Int64, _ extra: Int64, _ status: FreshnessCheck.Status) {
        let check = FreshnessContract.check(
            Self.marketIntel, state: Self.state("MarketIntel", refreshed: Self.ago(minutes: minutes, plus: extra)), now: Self.now)
        #expect(check.status == status)
        #expect(check.isStale == (status == .stale))
        #expect(check.targetMinutes == 60)
        #expect(check.ageMinutes == Double(minutes * 60_000 + extra) / 60_000)
    }

    /// QA r8 freshness L3: "refreshed 30m ago, over its 30 min target" contradicted itself.
    @Test("Just past the target reads as just over it")
    func justOverTheTarget() {
        let check = FreshnessContract.check(Self.marketIntel, state: Self.state("MarketIntel", refreshed: Self.ago(minutes: 60, plus: 27)), now: Self.now)
        #expect(check.explanation == "MarketIntel is stale: refreshed just over 1h ago, over its 60 min target")
        let later = FreshnessContract.check(Self.marketIntel, state: Self.state("MarketIntel", refreshed: Self.ago(minutes: 61)), now: Self.now)
        #expect(later.explanation == "MarketIntel is stale: refreshed 1h 1m ago, over its 60 min target")
    }

    @Test("Never refreshed is unknown and, under a contract, stale")
    func unknown() {
        for state in [nil, Self.state("MarketIntel", refreshed: nil)] {
            let check = FreshnessContract.check(Self.marketIntel, state: state, now: Self.now)
            #expect(check.status == .unknown)
            #expect(check.isStale)
            #expect(check.ageMinutes == nil)
        }
        #expect(!FreshnessCheck(source: "X", ageMinutes: nil, targetMinutes: nil, status: .unknown).isStale)
    }

    @Test("A source without a target is uncontracted whatever its age")
    func uncontracted() {
        let spec = SourceSpec(name: "CRMData")
        for state in [nil, Self.state("CRMData", refreshed: Self.ago(minutes: 10_000))] {
            let check = FreshnessContract.check(spec, state: state, now: Self.now)
            #expect(check.status == .uncontracted)
            #expect(!check.isStale)
            #expect(Self.plan(state: state, spec: spec) == .proceed(check))
        }
    }

    @Test("A refresh stamped in the future counts as just made")
    func clockSkew() {
        let check = FreshnessContract.check(
            Self.marketIntel, state: Self.state("MarketIntel", refreshed: Self.now.adding(milliseconds: 5_000)), now: Self.now)
        #expect(check.status == .fresh)
        #expect(check.ageMinutes == 0)
    }

    @Test("Fresh proceeds, even when the source is unreachable or a refresh failed")
    func proceed() {
        let state = Self.state("MarketIntel", refreshed: Self.ago(minutes: 12), reachable: false)
        let plan = Self.plan(state: state, refreshFailed: true)
        guard case .proceed(let check) = plan else { Issue.record("expected proceed, got \(plan)"); return }
        #expect(check.status == .fresh)
        #expect(plan.explanation == "MarketIntel is fresh: refreshed 12m ago, within its 60 min target; the retry goes ahead")
    }

    @Test("Stale and reachable: refreshCache → refetchSource → validateInputs")
    func refresh() {
        for state in [Self.state("MarketIntel", refreshed: Self.ago(minutes: 95)), nil] {
            let plan = Self.plan(state: state)
            #expect(plan == .refresh(source: "MarketIntel", steps: ["refreshCache", "refetchSource", "validateInputs"]))
            #expect(plan.explanation == "MarketIntel is stale, so before the retry: refreshCache, then refetchSource, then validateInputs")
        }
    }

    @Test("Refresh failed or source unreachable: a fresh or uncontracted fallback is read", arguments: [
        (true, true), (false, false), (true, false),
    ])
    func fallback(_ refreshFailed: Bool, _ reachable: Bool) {
        let state = Self.state("MarketIntel", refreshed: Self.ago(minutes: 95), reachable: reachable)
        let fresh = Self.state("PartnerFeeds", refreshed: Self.ago(minutes: 30))
        let plan = Self.plan(state: state, fallback: fresh, refreshFailed: refreshFailed)
        #expect(plan == .useFallback(source: "MarketIntel", fallback: "PartnerFeeds"))
        #expect(plan.explanation == "MarketIntel is stale and cannot be refreshed; the retry reads the fallback PartnerFeeds instead, which is fresh")
        let uncontracted = FreshnessContract.plan(
            for: Self.marketIntel, state: state, fallback: (spec: SourceSpec(name: "PartnerFeeds"), state: nil),
            refreshFailed: refreshFailed, now: Self.now)
        #expect(uncontracted == .useFallback(source: "MarketIntel", fallback: "PartnerFeeds"))
    }

    @Test("A fallback that is stale, never refreshed, unreachable, undeclared or not the declared one is not read")
    func unusableFallback() {
        let state = Self.state("MarketIntel", refreshed: Self.ago(minutes: 95), good: Self.ago(minutes: 120), reachable: false)
        let degraded = FreshnessPlan.degrade(
            source: "MarketIntel", mode: Self.sixHours, scope: "using MarketIntel data from 2h ago (limit 6h)")
        #expect(Self.plan(state: state, fallback: Self.state("PartnerFeeds", refreshed: Self.ago(minutes: 121))) == degraded)
        #expect(Self.plan(state: state, fallback: nil) == degraded)
        #expect(Self.plan(state: state, fallback: Self.state("PartnerFeeds", refreshed: Self.ago(minutes: 1), reachable: false)) == degraded)
        var undeclared = Self.marketIntel
        undeclared.fallback = nil
        #expect(Self.plan(state: state, fallback: Self.state("PartnerFeeds", refreshed: Self.ago(minutes: 1)), spec: undeclared) == degraded)
        let other = FreshnessContract.plan(
            for: Self.marketIntel, state: state,
            fallback: (spec: SourceSpec(name: "OtherFeed"), state: Self.state("OtherFeed", refreshed: Self.ago(minutes: 1))),
            refreshFailed: true, now: Self.now)
        #expect(other == degraded)
        let noneGiven = FreshnessContract.plan(for: Self.marketIntel, state: state, fallback: nil, refreshFailed: true, now: Self.now)
        #expect(noneGiven == degraded)
        #expect(degraded.explanation == "MarketIntel is stale, cannot be refreshed and has no fresh fallback; using MarketIntel data from 2h ago (limit 6h)")
    }

    @Test("Last known good is used up to its age limit, inclusive; beyond it or without it the scope is reduced", arguments: [
        (Int64(360), Int64(0), true, "using MarketIntel data from 6h ago (limit 6h)"),
        (150, 0, true, "using MarketIntel data from 2h 30m ago (limit 6h)"),
        (360, 1, false, "reduced scope without MarketIntel: its last known good data is from just over 6h ago, older than the 6h limit"),
        (1_500, 0, false, "reduced scope without MarketIntel: its last known good data is from 1d 1h ago, older than the 6h limit"),
    ])
    func lastKnownGood(_ minutes: Int64, _ extra: Int64, _ usable: Bool, _ scope: String) {
        let state = Self.state(
            "MarketIntel", refreshed: Self.ago(minutes: 95), good: Self.ago(minutes: minutes, plus: extra), reachable: false)
        let plan = Self.plan(state: state)
        #expect(plan == .degrade(source: "MarketIntel", mode: usable ? Self.sixHours : .reducedScope, scope: scope))
    }

    @Test("Without last known good data, or with a reduced-scope contract, the scope is reduced")
    func reducedScope() {
        let state = Self.state("MarketIntel", refreshed: Self.ago(minutes: 95), reachable: false)
        #expect(Self.plan(state: state) == .degrade(
            source: "MarketIntel", mode: .reducedScope,
            scope: "reduced scope without MarketIntel: it has no last known good data to use (limit 6h)"))
        var spec = Self.marketIntel
        spec.degradeMode = .reducedScope
        let withGood = Self.state("MarketIntel", refreshed: Self.ago(minutes: 95), good: Self.ago(minutes: 5), reachable: false)
        #expect(Self.plan(state: withGood, spec: spec) == .degrade(
            source: "MarketIntel", mode: .reducedScope, scope: "reduced scope: the task goes on without MarketIntel data"))
    }

    @Test("The seed contract end to end: stale → refresh; refresh fails → PartnerFeeds; PartnerFeeds stale → last known good")
    func seedWalkThrough() {
        let stale = Self.state("MarketIntel", refreshed: Self.ago(minutes: 95), good: Self.ago(minutes: 120))
        #expect(Self.plan(state: stale, fallback: Self.state("PartnerFeeds", refreshed: Self.ago(minutes: 10))).action == "refresh")
        #expect(Self.plan(state: stale, fallback: Self.state("PartnerFeeds", refreshed: Self.ago(minutes: 10)), refreshFailed: true).action == "useFallback")
        let last = Self.plan(state: stale, fallback: Self.state("PartnerFeeds", refreshed: Self.ago(minutes: 500)), refreshFailed: true)
        #expect(last == .degrade(source: "MarketIntel", mode: Self.sixHours, scope: "using MarketIntel data from 2h ago (limit 6h)"))
        #expect(last.source == "MarketIntel")
    }

    @Test("Check explanations", arguments: [
        (FreshnessCheck(source: "S", ageMinutes: 95, targetMinutes: 60, status: .stale), "S is stale: refreshed 1h 35m ago, over its 60 min target"),
        (FreshnessCheck(source: "S", ageMinutes: nil, targetMinutes: 60, status: .unknown), "S has never been refreshed, so it cannot be shown to meet its 60 min target"),
        (FreshnessCheck(source: "S", ageMinutes: 0.5, targetMinutes: nil, status: .uncontracted), "S has no freshness target (refreshed 30s ago)"),
        (FreshnessCheck(source: "S", ageMinutes: nil, targetMinutes: nil, status: .uncontracted), "S has no freshness target"),
    ])
    func checkExplanations(_ check: FreshnessCheck, _ text: String) {
        #expect(check.explanation == text)
    }
}
