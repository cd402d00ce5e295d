import Testing
@testable import StewardCore

@Suite struct ReadinessAssessorTests {
    typealias F = GovernanceFixtures

    @Test func checklistsWeighExactlyAsTheSeed() {
        #expect(ReadinessChecklist.technical.maxPoints == 35)
        #expect(ReadinessChecklist.process.maxPoints == 25)
        #expect(ReadinessChecklist.organizational.maxPoints == 20)
        #expect(ReadinessChecklist.maxPoints == 80)
        let criteria = ReadinessChecklist.all.flatMap(\.criteria)
        #expect(criteria.count == 24)
        #expect(Set(criteria.map(\.key)).count == 24)
        // Required points: technical 5+5+5+5+3+3+2, process 5+3+2+5+3+2+2, organizational 5+3+5+2.
        #expect(criteria.filter(\.required).reduce(0) { $0 + $1.weight } == 28 + 22 + 15)
        #expect(criteria.first?.name == "6+ months running at L3")
    }

    @Test func everythingPassingScores80() {
        let report = F.assess()
        #expect(report.overall == .init(score: 1, points: 80, maxPoints: 80, ready: true, blockers: []))
        #expect(report.technical.points == 35 && report.process.points == 25 && report.organizational.points == 20)
        #expect(report.nextActions.isEmpty)
        #expect(report.daysSincePhaseStart == 192)  // 2026-05-01 → 2026-11-09 is 185 + 7 days
        // Every data criterion was decided by a figure, the rest by an attestation.
        for item in report.checklists.flatMap(\.items) {
            let criterion = ReadinessChecklist.all.flatMap(\.criteria).first { $0.key == item.key }
            #expect(item.decidedBy == criterion?.decidedBy, "\(item.key)")
        }
        let details = Dictionary(uniqueKeysWithValues: report.technical.items.map { ($0.key, $0.details) })
        #expect(details["technical.success_rate"] == "success rate 99.75% over 4,010 executions (needs more than 99.50%)")
        #expect(details["technical.approval_rate"] == "approval rate 90.00% of 4,100 proposals (needs more than 80.00%)")
        #expect(details["technical.l3_six_months"] == "running 207 days since the first action on 2026-04-16 (needs 182)")
        #expect(details["technical.kill_switch_tested"]
            == "last kill-switch drill on 2026-11-04, 5 days ago (needs a passing one within 30 days)")
        #expect(report.process.items[1].details
            == "attested by ana on 2026-10-01, evidence https://wiki.example/process.runbooks, expires 2027-01-01")
    }

    @Test func exactly76WithEveryRequiredItemIsReady() {
        // Fail two non-required 2-point items: rollback 100 ÷ 4,000 = 2.5%, and a failing chaos drill.
        var facts = F.healthyFacts(metrics: F.healthyMetrics(rolledBack: 100))
        facts.chaosDrillsPassing = false
        let report = F.assess(facts)
        #expect(report.overall.points == 76)
        #expect(report.overall.score == 0.95)
        #expect(report.overall.ready)
        #expect(report.overall.blockers.isEmpty)
        #expect(report.nextActions.map(\.itemKey) == ["technical.rollback_rate", "technical.chaos_tests"])
        #expect(report.recommendations.map(\.type) == [.investigate, .expandScope])
    }

    @Test func requiredFailureBlocksEvenAt78() {
        var facts = F.healthyFacts()
        facts.lastKillSwitchDrill = F.at(days: -38)  // 45 days before now
        let report = F.assess(facts)
        #expect(report.overall.points == 78)
        #expect(!report.overall.ready)
        #expect(report.overall.blockers == ["Kill switch tested"])
        #expect(report.nextActions == [NextAction(
            title: "Run a kill-switch drill (engage, then release) and record it: last kill-switch drill on 2026-09-25, "
                + "45 days ago (needs a passing one within 30 days)",
            itemKey: "technical.kill_switch_tested", ownerHint: "tech-lead")])
        #expect(report.recommendations == [Recommendation(
            type: .maintain, priority: .low,
            rationale: "Stay at L3: 78 of 80 points (97.50%), 76 needed; 1 required item failing: Kill switch tested.",
            actions: ["Work through the next actions, required items first", "Assess readiness again next week"])])
    }

    @Test func attestationsExpireAndMustBeMadeByNow() {
        let key = "process.runbooks"
        let others = F.allAttestations.filter { $0.key != key }
        func runbooks(_ attestations: [Attestation]) -> ChecklistItem? {
            F.assess(attestations: others + attestations).process.items.first { $0.key == key }
        }
        let expiring = Attestation(key: key, by: "ana", at: F.at(days: -90), evidence: "https://x", expiresAt: F.now)
        #expect(runbooks([expiring])?.status == false)
        #expect(runbooks([expiring])?.details == "attestation by ana expired on 2026-11-09")
        var lastMoment = expiring
        lastMoment.expiresAt = F.now.adding(milliseconds: 1)
        #expect(runbooks([lastMoment])?.status == true)
        let future = Attestation(key: key, by: "bo", at: F.now.adding(milliseconds: 1), evidence: "https://y", expiresAt: F.at(days: 99))
        #expect(runbooks([future])?.details == "no attestation")
        // A fresh one wins over the expired one, with its note.
        var fresh = future
        fresh.at = F.at(days: 1)
        fresh.note = "v2 runbooks"
        #expect(runbooks([expiring, fresh])?.details
            == "attested by bo on 2026-11-03, evidence https://y, expires 2027-02-09 (v2 runbooks)")
        let report = F.assess(attestations: others)
        #expect(report.overall.blockers == ["Runbooks for autonomous actions"])
        #expect(report.nextActions.first?.title == "Attest “Runbooks for autonomous actions” with a link to the evidence")
        #expect(report.nextActions.first?.ownerHint == "ops-lead")
    }

    @Test func evalCoverageFallsBackToAnAttestation() {
        var facts = F.healthyFacts()
        facts.evalCoverage = nil
        let unattested = F.assess(facts, attestations: F.allAttestations)
        let item = unattested.technical.items.first { $0.key == "technical.eval_coverage" }
        #expect(item?.decidedBy == .attestation)
        #expect(item?.status == false)
        let attested = F.assess(facts, attestations: F.allAttestations + [Attestation(
            key: "technical.eval_coverage", by: "li", at: F.at(days: 0), evidence: "https://evals", expiresAt: F.at(days: 30))])
        #expect(attested.overall.points == 80)
        facts.evalCoverage = 0.9  // not more than 90%
        #expect(F.assess(facts).technical.items.first { $0.key == "technical.eval_coverage" }?.details
            == "eval coverage 90.00% (needs more than 90.00%)")
        #expect(F.assess(facts).overall.blockers == ["Eval coverage >90%"])
    }

    @Test func dataItemsWithoutData() {
        let empty = ReadinessFacts(metrics: F.tally([]), firstActionAt: nil)
        let report = F.assess(empty)
        let details = report.technical.items.map(\.details)
        #expect(details == [
            "no action recorded yet", "no executions in the period", "no proposals in the period",
            "rollback rate 0.00% of 0 successful executions (needs less than 2.00%)", "no attestation",
            "no critical incident attributed to an autonomous action in the period",
            "0 breaker rules configured, 0 enabled and enforcing (not alert-only)", "real-time monitoring is not operational",
            "no kill-switch drill recorded", "no chaos drill recorded",
        ])
        // Only the rollback rate (0 ÷ 0) and the zero-incident item pass: 2 + 5.
        #expect(report.technical.points == 7)
    }
}
