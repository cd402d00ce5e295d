import Testing
import StewardCore

/// Fingerprints (seed 004 §2a.3), skill holds and failure streaks.
@Suite struct SkillFingerprintTests {
    static let now = Timestamp(millisecondsSinceEpoch: 1_772_366_400_000)
    static let a = String(repeating: "a", count: 64)
    static let b = String(repeating: "b", count: 64)

    static func record(_ id: String, skill: String = "s1", fingerprint: String?, succeeded: Bool = true) -> SkillExecution {
        var r = SkillExecution(executionID: id, skillName: skill, skillVersion: "1", start: now, end: now, succeeded: succeeded, totalLatencyMs: 1)
        r.skillFingerprint = fingerprint
        return r
    }

    @Test(arguments: [
        (String(repeating: "a", count: 64), nil), (String(repeating: "F", count: 64), nil),
        ("abc", "must be 64 hex digits (a SHA-256), got 3 characters"),
        (String(repeating: "g", count: 64), "must be 64 hex digits (a SHA-256), got a character outside 0-9a-f"),
    ] as [(String, String?)])
    func digestsAreSixtyFourHex(text: String, problem: String?) {
        #expect(SkillFingerprint.problem(with: text) == problem)
    }

    @Test func mismatchesOnePerSkillIgnoringCaseAndUnregistered() {
        let registered = ["s1": SkillFingerprint(skill: "s1", sha256: Self.a.uppercased(), registeredAt: Self.now, registeredBy: "k")]
        let records = [
            Self.record("e1", fingerprint: Self.a), Self.record("e2", fingerprint: Self.b), Self.record("e3", fingerprint: Self.b.uppercased()),
            Self.record("e4", fingerprint: nil), Self.record("e5", skill: "s2", fingerprint: Self.b),
        ]
        let found = FingerprintMismatch.find(in: records, registered: registered)
        #expect(found == [FingerprintMismatch(skill: "s1", registered: Self.a, observed: [Self.b], executionID: "e2", count: 2)])
    }

    @Test func holdsLapseAtTheirEndAndAreWeighedAsTheSkillsHold() {
        let status = QuotaStatus.of(ProviderQuota(provider: "openai", dailyLimit: 10), counted: 10, unseen: 0, now: Self.now)
        let hold = SkillHold.quota(skill: "s1", status: status, at: Self.now)
        #expect(hold.id == "s1|quota:openai")
        #expect(hold.isActive(at: Self.now) && !hold.isActive(at: status.resetsAt))
        #expect(hold.breaker.name == "skill:s1" && !hold.breaker.blocks && hold.breaker.heldSkill == "s1")
        let mismatch = FingerprintMismatch(skill: "s1", registered: Self.a, observed: [Self.b], executionID: "e", count: 1)
        #expect(SkillHold.fingerprint(mismatch, at: Self.now).until == nil)
    }

    @Test(arguments: [
        (["skill": "deploy"] as JSONValue, "deploy"), (["skill": 3] as JSONValue, "agent-7"), ([:] as JSONValue, "agent-7"), (["skill": ""] as JSONValue, "agent-7"),
    ])
    func proposalSkillIsParamsSkillElseAgent(params: JSONValue, skill: String) {
        #expect(ProposalSkill.of(ActionProposal(id: "a", tenant: "t", agent: "agent-7", type: "x", params: params)) == skill)
    }

    @Test func streaksAlertEveryFifthFailureInARow() {
        var streak = FailureStreak()
        let fired = [false, false, false, false, false, true, false, false, false, false, false, false, false, false, false]
            .map { streak.observe(succeeded: $0) }
        // 5 failures, a success, then 9 failures: the 5th of each run fires.
        #expect(fired.enumerated().filter(\.element).map(\.offset) == [4, 10])
    }
}
