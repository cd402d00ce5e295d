/// Scores a tenant against seed 002's readiness checklists and advises what to do.
///
/// Ready means at least 76 of 80 points and no required item failing. The seed's interface says
/// "score > 0.95" while its scoring section says "Threshold for L4: 76 points (95%)"; 76 ÷ 80 is
/// exactly 0.95, so a strict "> 0.95" would refuse the seed's own threshold. The points rule is used.
public enum ReadinessAssessor {
    /// Days of operation "6+ months running at L3" asks for (half of 365, rounded down).
    public static let runningDays = 182
    /// How recent a kill-switch or chaos drill must be to count, in days.
    public static let drillFreshnessDays = 30

    /// The readiness report at `now` for a tenant at `phase` since `phaseStartedAt`.
    public static func assess(
        facts: ReadinessFacts, attestations: [Attestation], now: Timestamp, phase: AutonomyLevel, phaseStartedAt: Timestamp
    ) -> ReadinessReport {
        let statuses = ReadinessChecklist.all.map { checklist in
            ChecklistStatus(items: checklist.criteria.map { item($0, facts: facts, attestations: attestations, now: now) })
        }
        let items = statuses.flatMap(\.items)
        let points = statuses.reduce(0) { $0 + $1.points }
        let maxPoints = ReadinessChecklist.maxPoints
        let blockers = items.filter { $0.required && !$0.status }
        let overall = ReadinessReport.Overall(
            score: Double(points) / Double(maxPoints), points: points, maxPoints: maxPoints,
            ready: points >= ReadinessChecklist.readyPoints && blockers.isEmpty, blockers: blockers.map(\.name))
        return ReadinessReport(
            timestamp: now, currentPhase: phase, daysSincePhaseStart: GovernanceText.days(from: phaseStartedAt, to: now),
            overall: overall, technical: statuses[0], process: statuses[1], organizational: statuses[2],
            recommendations: recommendations(facts: facts, items: items, overall: overall, phase: phase),
            nextActions: nextActions(items))
    }

    /// One item, decided by a measured figure when there is one, else by an attestation.
    static func item(_ criterion: ReadinessCriterion, facts: ReadinessFacts, attestations: [Attestation], now: Timestamp) -> ChecklistItem {
        let (status, details, decider): (Bool, String, ChecklistDecider)
        if let measured = measure(criterion.key, facts: facts, now: now) {
            (status, details, decider) = (measured.passed, measured.details, .data)
        } else {
            let standing = Attestation.standing(of: criterion.key, in: attestations, now: now)
            (status, details, decider) = (standing.passed, standing.details, .attestation)
        }
        return ChecklistItem(
            key: criterion.key, name: criterion.name, weight: criterion.weight, required: criterion.required, status: status,
            decidedBy: decider, details: details)
    }

    /// One step per failing item: required items first, each group in checklist order.
    static func nextActions(_ items: [ChecklistItem]) -> [NextAction] {
        let failing = items.filter { !$0.status }
        let ordered = failing.filter(\.required) + failing.filter { !$0.required }
        return ordered.map { item in
            let section = ChecklistSection.allCases.first { item.key.hasPrefix($0.rawValue + ".") }
            let title: String
            if item.decidedBy == .data {
                title = "\(remedy(item.key) ?? "Make “\(item.name)” pass"): \(item.details)"
            } else if item.details == "no attestation" {
                title = "Attest “\(item.name)” with a link to the evidence"
            } else {
                title = "Renew the attestation for “\(item.name)”: \(item.details)"
            }
            return NextAction(title: title, itemKey: item.key, ownerHint: section?.ownerHint)
        }
    }

    /// The imperative for a failing data item.
    private static func remedy(_ key: String) -> String? {
        switch key {
        case "technical.l3_six_months": "Keep running at L3 until \(runningDays) days have passed since the first action"
        case "technical.success_rate": "Raise the command success rate above 99.5%"
        case "technical.approval_rate": "Raise the command approval rate above 80%"
        case "technical.rollback_rate": "Bring the rollback rate below 2%"
        case "technical.eval_coverage": "Raise eval coverage above 90%"
        case "technical.zero_critical_incidents": "Review and fix the causes of critical incidents from commands"
        case "technical.circuit_breakers": "Configure and enable circuit-breaker rules"
        case "technical.realtime_monitoring": "Bring real-time monitoring up"
        case "technical.kill_switch_tested": "Run a kill-switch drill (engage, then release) and record it"
        case "technical.chaos_tests": "Run the chaos-engineering drills until they pass"
        default: nil
        }
    }
}
