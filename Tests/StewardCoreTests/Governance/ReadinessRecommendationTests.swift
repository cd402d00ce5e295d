import Testing
@testable import StewardCore

@Suite struct ReadinessRecommendationTests {
    typealias F = GovernanceFixtures

    @Test func readyAtL3RecommendsExpandingToL3Plus() {
        let advice = F.assess().recommendations
        #expect(advice.map(\.type) == [.expandScope])
        #expect(advice.first?.priority == .high)
        #expect(advice.first?.rationale == "Ready for L3+: 80 of 80 points (100.00%), every required item passes, "
            + "success rate 99.75% over 4,010 executions.")
        #expect(advice.first?.actions.first == "Propose L3 → L3+ through a scope expansion proposal")
    }

    /// QA ops F3: readiness advised expand_scope straight after an expansion was applied.
    @Test func readyDuringAValidationPeriodMaintainsUntilItEnds() {
        var facts = F.healthyFacts()
        facts.validationEndsAt = F.at(days: 14)
        let advice = F.assess(facts, phase: .l3Plus).recommendations
        #expect(advice.map(\.type) == [.maintain])
        #expect(advice.first?.rationale == "Ready for L4, but L3+ is in its validation period until \(F.at(days: 14).rfc3339): no further expansion before then.")
    }

    @Test func readyAtTheTopLevelMaintains() {
        let advice = F.assess(phase: .l4Plus).recommendations
        #expect(advice.map(\.type) == [.maintain])
        #expect(advice.first?.rationale == "Stay at L4+, the highest level: 80 of 80 points (100.00%).")
    }

    @Test func criticalIncidentFromCommandsRollsBack() {
        var facts = F.healthyFacts()
        facts.criticalIncidentsFromCommands = 2
        let report = F.assess(facts, phase: .l4)
        #expect(report.recommendations.map(\.type) == [.rollback])
        #expect(report.recommendations.first?.priority == .high)
        #expect(report.recommendations.first?.rationale == "Roll back: 2 critical incidents attributed to autonomous actions in the period.")
        #expect(report.recommendations.first?.actions.first
            == "Revert the tenant from L4 to L3 (a person approves every action) until the causes are fixed")
    }

    @Test func lowSuccessRateRollsBackOnlyWithEnoughExecutions() {
        // 197 of 200 = 98.50%, under 99% over 20 or more executions.
        let many = AutonomyMetrics(
            period: F.week, commands: .init(total: 200, proposed: 200, approved: 200, succeeded: 197, failed: 3),
            incidents: .init(), safety: .init())
        let advice = F.assess(F.healthyFacts(metrics: many)).recommendations
        #expect(advice.first?.rationale == "Roll back: success rate 98.50% over 200 executions, under 99% in the period.")
        #expect(advice.first?.actions.first
            == "Hold at L3 and remove the action types behind the incidents and failures from the autopilot scope")
        // 9 of 10 = 90%, but 10 executions are too few to call.
        let few = AutonomyMetrics(
            period: F.week, commands: .init(total: 10, proposed: 10, approved: 10, succeeded: 9, failed: 1),
            incidents: .init(), safety: .init())
        #expect(F.assess(F.healthyFacts(metrics: few)).recommendations.map(\.type) == [.maintain])
    }

    @Test func revertTripRollsBackAndSuppressesExpansion() {
        var facts = F.healthyFacts()
        facts.revertTrips = 1
        let report = F.assess(facts)
        #expect(report.overall.ready)
        #expect(report.recommendations.map(\.type) == [.rollback])
        #expect(report.recommendations.first?.rationale == "Roll back: 1 breaker trip reverted to L3 in the period.")
    }

    @Test func weakOptionalFiguresAreInvestigated() {
        // 100 of 4,000 rolled back = 2.5%.
        let report = F.assess(F.healthyFacts(metrics: F.healthyMetrics(rolledBack: 100)))
        let investigate = report.recommendations.first
        #expect(investigate?.type == .investigate)
        #expect(investigate?.priority == .medium)
        #expect(investigate?.rationale == "Investigate: Rollback rate <2% fails "
            + "(rollback rate 2.50% of 4,000 successful executions (needs less than 2.00%)).")
        // 78 points and nothing required failing: still ready, so expansion follows.
        #expect(report.recommendations.map(\.type) == [.investigate, .expandScope])
    }
}
