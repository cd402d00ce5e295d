import Testing
import StewardCore

/// A skill's hold reaches the gate beside the breakers but is named as the hold it is: no
/// breaker that `GET /v1/breakers` cannot find is said to be open.
@Suite struct SkillHoldGateTests {
    static let hold = OpenBreaker.hold(skill: "classify", reason: "the openai free-tier quota is exhausted (cause quota:openai)")

    @Test func aHeldSkillSendsItsActionsToAPersonAndSaysWhy() {
        let decision = GateFixture.decide(GateFixture.input(breakers: [Self.hold]))
        #expect(decision.outcome == .requireApproval && decision.reason == "SKILL_HELD")
        #expect(decision.policyClause == "skills.classify.holds")
        #expect(decision.explanation == "Skill 'classify' is held: the openai free-tier quota is exhausted (cause quota:openai). "
            + "A person decides until the hold ends; see GET /v1/skills/classify.")
        #expect(decision.check(.breakers).detail == decision.explanation)
        #expect(SkillHoldClause.skill(in: decision.policyClause ?? "") == "classify")
        #expect(SkillHoldClause.skill(in: "breakers.skill:classify") == nil)
    }

    @Test func anOpenBreakerIsCitedBeforeAHoldAndNamesIt() {
        let breaker = OpenBreaker(name: "High Error Rate", reason: "error rate 40%")
        let decision = GateFixture.decide(GateFixture.input(breakers: [breaker, Self.hold]))
        #expect(decision.reason == "BREAKER_OPEN" && decision.policyClause == "breakers.High Error Rate")
        #expect(decision.explanation.hasSuffix("Open: High Error Rate, the hold on skill 'classify'."))
    }

    @Test func aBreakersRecordedBytesAreUnchanged() throws {
        let breaker = OpenBreaker(name: "b", reason: "r")
        let bytes = try CanonicalJSON.encode(try JSONValueEncoder.encode(breaker))
        #expect(String(decoding: bytes, as: UTF8.self) == #"{"actionTypes":[],"agents":[],"blocks":false,"name":"b","reason":"r"}"#)
        let held = try JSONValueDecoder.decode(OpenBreaker.self, from: try JSONValueEncoder.encode(Self.hold))
        #expect(held == Self.hold && held.heldSkill == "classify")
    }
}
