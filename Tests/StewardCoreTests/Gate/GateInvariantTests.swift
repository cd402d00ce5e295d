import Testing
import StewardCore

/// Properties that hold for every proposal and configuration, checked over thousands of random
/// ones drawn from a fixed seed (so a failure reproduces): DESIGN.md's "high-risk action types can
/// never auto-execute, whatever the configuration says", and the gate's own combination rules.
@Suite struct GateInvariantTests {
    static let caseCount = 6_000

    /// Draws every case once; the tests below each check one property over all of them.
    static let cases: [GateCase] = {
        var random = SeededGenerator(seed: 0x57E7_A4D0_6A7E)
        return (0..<caseCount).map { _ in GateCase.random(using: &random) }
    }()

    @Test func theCasesCoverEveryOutcomeAndEveryCheckFailing() {
        let outcomes = Set(Self.cases.map(\.decision.outcome))
        #expect(outcomes == Set(GateOutcome.allCases))
        let reasons = Set(Self.cases.map(\.decision.reason))
        for reason in ["KILL_SWITCH", "BREAKER_OPEN", "SCHEDULE_NOT_ENABLED", "EXTERNAL_CONTACT", "POLICY_ERROR", "POLICY_BLOCK",
                       "RECENT_DECISION", "ACTION_SATURATION", "BUDGET_EXCEEDED", "RISK_SCORE_HIGH", "POLICY_ALLOW"] {
            #expect(reasons.contains(reason), "no random case decided by \(reason)")
        }
        // Enough of each kind for the properties to mean something.
        #expect(Self.cases.filter { $0.decision.outcome == .autoExecute }.count >= 100)
        #expect(Self.cases.filter(\.hasMatchingBlock).count >= 500)
    }

    @Test func highRiskOrExternalNeverAutoExecutes() {
        let risky = Self.cases.filter { $0.input.actionType.neverAutonomous }
        #expect(risky.count >= 1_000)
        for c in risky where c.decision.outcome == .autoExecute {
            Issue.record("\(c.input.actionType.name) (risk \(c.input.actionType.risk), external \(c.input.actionType.external)) auto-executed")
        }
    }

    @Test func nothingAutoExecutesWhileTheKillSwitchIsEngaged() {
        let engaged = Self.cases.filter { $0.input.killSwitch.engaged }
        #expect(engaged.count >= 200)
        #expect(engaged.allSatisfy { $0.decision.outcome != .autoExecute })
    }

    @Test func aMatchingEnforcedBlockRuleAlwaysBlocks() {
        for c in Self.cases where c.hasMatchingBlock {
            #expect(c.decision.outcome == .block, "\(c.rules.map(\.condition))")
        }
    }

    @Test func theOutcomeIsTheMostRestrictiveCeiling() {
        for c in Self.cases {
            #expect(c.decision.outcome == c.decision.checks.map(\.ceiling).min())
            #expect(c.decision.checks.map(\.name) == GateCheckName.allCases)
        }
    }

    @Test func theReasonIsTheFirstCheckImposingTheOutcome() {
        for c in Self.cases where c.decision.outcome != .autoExecute {
            let first = c.decision.checks.first { $0.ceiling == c.decision.outcome }
            #expect(c.decision.reason == first?.reason && c.decision.policyClause == first?.clause)
        }
    }

    @Test func autoExecuteMeansEveryCheckPassed() {
        for c in Self.cases where c.decision.outcome == .autoExecute {
            #expect(c.decision.checks.allSatisfy { $0.passed })
            #expect(c.decision.reason == "POLICY_ALLOW" && c.decision.policyClause != nil)
        }
        // And the converse: a check that passed imposed nothing.
        for c in Self.cases {
            #expect(c.decision.checks.allSatisfy { !$0.passed || $0.ceiling == .autoExecute })
        }
    }

    @Test func theRiskScoreStaysInTheUnitInterval() {
        for c in Self.cases {
            let r = c.decision.risk
            #expect((0...1).contains(r.score) && (0...1).contains(r.budgetOverrun))
            #expect((0...1).contains(r.blastRadius) && (0...1).contains(r.compliance))
            #expect(r.score >= max(r.budgetOverrun, r.blastRadius, r.compliance) - 1e-12)
        }
    }

    @Test func aDeferredProposalKnowsWhenToComeBack() {
        for c in Self.cases {
            if c.decision.outcome == .defer_ {
                #expect(c.decision.deferUntil.map { $0 > c.input.now } == true)
            } else {
                #expect(c.decision.deferUntil == nil)
            }
        }
    }

    @Test func escalationOnlyWhenAPersonDecidesAHighScore() {
        for c in Self.cases {
            let expected = c.decision.outcome == .requireApproval && c.decision.risk.score >= c.settings.riskThreshold
            #expect((c.decision.escalation != nil) == expected)
        }
    }

    @Test func decidingTwiceGivesTheSameDecision() {
        for c in Self.cases {
            #expect(Gate.decide(c.input, settings: c.settings) == c.decision)
        }
    }
}
