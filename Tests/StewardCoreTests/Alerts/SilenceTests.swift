import Testing
import StewardCore

/// Silences: matchers, expiry, and every problem with a silence's fields named.
@Suite struct SilenceTests {
    static let now = Timestamp(millisecondsSinceEpoch: 1_772_366_400_000)
    static let later = now.adding(milliseconds: 60_000)

    static func silence(rule: String? = nil, skill: String? = nil) -> Silence {
        Silence(id: "sil_1", rule: rule, skill: skill, reason: "r", expiresAt: later, createdAt: now, createdBy: "key:op")
    }

    static let alert = Alert(rule: .successRate, tenant: "t", skill: "s1", summary: "x", at: now)

    @Test(arguments: [
        (nil, "s1", true), ("success-rate", nil, true), ("success-rate", "s1", true),
        ("latency", nil, false), (nil, "s2", false), ("success-rate", "s2", false),
    ] as [(String?, String?, Bool)])
    func matchers(rule: String?, skill: String?, matches: Bool) {
        #expect(Self.silence(rule: rule, skill: skill).matches(Self.alert, at: Self.now) == matches)
    }

    @Test func expiredSilenceMatchesNothing() {
        #expect(!Self.silence(skill: "s1").matches(Self.alert, at: Self.later))
        #expect(Silence.first(in: [Self.silence(skill: "s2"), Self.silence(rule: "success-rate")], matching: Self.alert, at: Self.now)?.rule == "success-rate")
    }

    @Test(arguments: [
        (nil, nil, "r", later, ["matcher"]),
        ("nope", nil, "r", later, ["matcher.rule"]),
        (nil, "s1", nil, later, ["reason"]),
        (nil, "s1", "  ", later, ["reason"]),
        (nil, "s1", "r", now, ["expiresAt"]),
        ("latency", "s1", "r", later, []),
    ] as [(String?, String?, String?, Timestamp, [String])])
    func problemsNameTheField(rule: String?, skill: String?, reason: String?, expiresAt: Timestamp, fields: [String]) {
        let problems = Silence.problems(rule: rule, skill: skill, reason: reason, expiresAt: expiresAt, now: Self.now, rules: AlertRule.defaults)
        #expect(problems.map(\.field) == fields)
    }

    /// QA paging M6: one provider's alerts (quota, vendor) silenced for a maintenance window,
    /// whatever the rule, without silencing the same rules for every other provider.
    @Test func aProviderSilenceCoversThatProviderOnly() {
        let silence = Silence(
            id: "sil_2", rule: nil, skill: nil, provider: "OpenAI", reason: "vendor maintenance", expiresAt: Self.later, createdAt: Self.now,
            createdBy: "key:op")
        let openai = Alert(rule: .vendorDegraded, tenant: "t", provider: "openai", summary: "x", at: Self.now)
        let quota = Alert(rule: .quotaCritical, tenant: "t", provider: "openai", summary: "x", at: Self.now)
        let google = Alert(rule: .vendorDegraded, tenant: "t", provider: "google", summary: "x", at: Self.now)
        #expect(silence.matches(openai, at: Self.now) && silence.matches(quota, at: Self.now))
        #expect(!silence.matches(google, at: Self.now) && !silence.matches(Self.alert, at: Self.now), "an alert naming no provider is not covered")
        #expect(Silence.problems(rule: nil, skill: nil, provider: "openai", reason: "r", expiresAt: Self.later, now: Self.now, rules: AlertRule.defaults) == [])
        #expect(Silence.problems(rule: nil, skill: nil, provider: "", reason: "r", expiresAt: Self.later, now: Self.now, rules: AlertRule.defaults)
            .map(\.field) == ["matcher.provider"])
        // QA r4 fuzz M4: names no execution can carry (a NUL, a bidirectional override) would never match.
        #expect(Silence.problems(rule: nil, skill: "a\u{0}", provider: "open\u{202E}ai", reason: "r", expiresAt: Self.later, now: Self.now, rules: AlertRule.defaults)
            .map(\.field) == ["matcher.skill", "matcher.provider"])
    }

    /// QA paging M6: a deploy window silences breaker notifications, one breaker or all of them,
    /// and such a silence never quiets a telemetry alert.
    @Test func aBreakerSilenceCoversBreakerNotificationsOnly() {
        func silence(_ breaker: String) -> Silence {
            Silence(id: "sil_3", rule: nil, skill: nil, breaker: breaker, reason: "deploy", expiresAt: Self.later, createdAt: Self.now, createdBy: "key:op")
        }
        #expect(silence("high-error-rate").matchesBreaker("high-error-rate", at: Self.now))
        #expect(!silence("high-error-rate").matchesBreaker("high-rollback-rate", at: Self.now))
        #expect(silence("*").matchesBreaker("repeated-command-failures:draft_email", at: Self.now))
        #expect(!silence("*").matchesBreaker("high-error-rate", at: Self.later), "expired")
        #expect(!silence("*").matches(Self.alert, at: Self.now), "not a telemetry alert's silence")
        #expect(!Self.silence(skill: "s1").matchesBreaker("high-error-rate", at: Self.now))
        let rules = AlertRule.defaults
        #expect(Silence.problems(rule: nil, skill: nil, breaker: "*", reason: "r", expiresAt: Self.later, now: Self.now, rules: rules) == [])
        #expect(Silence.problems(rule: "latency", skill: nil, breaker: "*", reason: "r", expiresAt: Self.later, now: Self.now, rules: rules)
            .map(\.field) == ["matcher.breaker"])
        #expect(Silence.problems(rule: nil, skill: nil, breaker: "", reason: "r", expiresAt: Self.later, now: Self.now, rules: rules)
            .map(\.field) == ["matcher.breaker"])
    }
}
