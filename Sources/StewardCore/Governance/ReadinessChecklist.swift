/// One of seed 002's three readiness checklists, with its items exactly as the seed weighs them:
/// technical 35, process 25 and organizational 20 points, 80 in all.
public struct ReadinessChecklist: Sendable, Hashable {
    /// Which checklist.
    public var section: ChecklistSection
    /// Its items, in the seed's order.
    public var criteria: [ReadinessCriterion]

    /// The most points the checklist can give.
    public var maxPoints: Int { criteria.reduce(0) { $0 + $1.weight } }

    /// All three checklists, technical first.
    public static let all: [ReadinessChecklist] = [technical, process, organizational]

    /// The most points all checklists give: 80.
    public static let maxPoints = all.reduce(0) { $0 + $1.maxPoints }

    /// Points needed for the next level: 76, seed 002's "Threshold for L4: 76 points (95%)".
    public static let readyPoints = 76

    /// Technical readiness, 35 points.
    public static let technical = ReadinessChecklist(section: .technical, criteria: [
        // Command performance (15 points).
        .init("technical.l3_six_months", "6+ months running at L3", weight: 5, required: true, decidedBy: .data),
        .init("technical.success_rate", "Command success rate >99.5%", weight: 5, required: true, decidedBy: .data),
        .init("technical.approval_rate", "Command approval rate >80%", weight: 3, required: false, decidedBy: .data),
        .init("technical.rollback_rate", "Rollback rate <2%", weight: 2, required: false, decidedBy: .data),
        // Safety and testing (10 points). Eval coverage falls back to an attestation until measured.
        .init("technical.eval_coverage", "Eval coverage >90%", weight: 5, required: true, decidedBy: .data),
        .init("technical.zero_critical_incidents", "Zero critical incidents from commands", weight: 5, required: true, decidedBy: .data),
        // Infrastructure (10 points).
        .init("technical.circuit_breakers", "Circuit breakers implemented", weight: 3, required: true, decidedBy: .data),
        .init("technical.realtime_monitoring", "Real-time monitoring operational", weight: 3, required: true, decidedBy: .data),
        .init("technical.kill_switch_tested", "Kill switch tested", weight: 2, required: true, decidedBy: .data),
        .init("technical.chaos_tests", "Chaos engineering tests passing", weight: 2, required: false, decidedBy: .data),
    ])

    /// Process readiness, 25 points.
    public static let process = ReadinessChecklist(section: .process, criteria: [
        // Documentation (10 points).
        .init("process.incident_playbook", "Incident response playbook complete", weight: 5, required: true),
        .init("process.runbooks", "Runbooks for autonomous actions", weight: 3, required: true),
        .init("process.accountability_framework", "Accountability framework documented", weight: 2, required: true),
        // Approvals (10 points).
        .init("process.approval_workflow", "Approval workflow defined", weight: 5, required: true),
        .init("process.escalation_paths", "Escalation paths established", weight: 3, required: true),
        .init("process.rollback_procedures", "Rollback procedures tested", weight: 2, required: true),
        // Compliance (5 points).
        .init("process.compliance_validated", "Compliance requirements validated", weight: 3, required: false),
        .init("process.audit_trail", "Audit trail comprehensive", weight: 2, required: true),
    ])

    /// Organizational readiness, 20 points.
    public static let organizational = ReadinessChecklist(section: .organizational, criteria: [
        // Team (10 points).
        .init("organizational.team_trained", "Team trained on monitoring", weight: 5, required: true),
        .init("organizational.on_call_rotation", "On-call rotation established", weight: 3, required: true),
        .init("organizational.coverage_24_7", "24/7 coverage available", weight: 2, required: false),
        // Stakeholders (10 points).
        .init("organizational.leadership_approval", "Leadership approval obtained", weight: 5, required: true),
        .init("organizational.customer_communication", "Customer communication plan ready", weight: 3, required: false),
        .init("organizational.design_partner_validation", "Design partner validation complete", weight: 2, required: true),
    ])
}

/// The three readiness checklists of seed 002.
public enum ChecklistSection: String, Sendable, Hashable, Codable, CaseIterable {
    /// Command performance, safety and testing, infrastructure.
    case technical
    /// Documentation, approvals, compliance.
    case process
    /// Team and stakeholders.
    case organizational

    /// The heading reports give it.
    public var title: String {
        switch self {
        case .technical: "Technical"
        case .process: "Process"
        case .organizational: "Organizational"
        }
    }

    /// Who usually closes a gap in this checklist, for next actions.
    public var ownerHint: String {
        switch self {
        case .technical: "tech-lead"
        case .process: "ops-lead"
        case .organizational: "leadership"
        }
    }
}

/// What decides whether a checklist item passes.
public enum ChecklistDecider: String, Sendable, Hashable, Codable {
    /// A figure Steward measures (rates, incidents, drills, breakers).
    case data
    /// A person's unexpired ``Attestation`` with evidence.
    case attestation
}

/// One checklist item as seed 002 defines it, with a stable key for attestations and next actions.
public struct ReadinessCriterion: Sendable, Hashable, Codable {
    /// A stable slug such as `technical.l3_six_months`.
    public var key: String
    /// The seed's name, e.g. "6+ months running at L3".
    public var name: String
    /// Points it gives when it passes.
    public var weight: Int
    /// Whether failing it blocks readiness whatever the score.
    public var required: Bool
    /// What decides it.
    public var decidedBy: ChecklistDecider

    /// Creates a criterion, decided by attestation unless told otherwise.
    public init(_ key: String, _ name: String, weight: Int, required: Bool, decidedBy: ChecklistDecider = .attestation) {
        self.key = key
        self.name = name
        self.weight = weight
        self.required = required
        self.decidedBy = decidedBy
    }
}
