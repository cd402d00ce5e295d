/// A kind of action agents may propose, as steward.yaml declares it: what it risks, what it costs,
/// and which executor carries it out.
public struct ActionType: Sendable, Hashable, Codable {
    /// The name agents use in proposals (`create_internal_note`).
    public var name: String
    /// How much harm it can do.
    public var risk: RiskLevel
    /// Whether its effect can be undone.
    public var reversible: Bool
    /// Whether running it twice has the effect of running it once.
    public var idempotent: Bool
    /// Whether it reaches someone outside the organisation.
    public var external: Bool
    /// What one run costs, in US dollars, charged to the tenant's daily budget.
    public var costUsd: Double
    /// The business domain its impact counts for, in expected utility.
    public var domain: Domain
    /// The impact points one successful run is worth, unless the proposal says otherwise.
    public var impactPoints: Double
    /// What a wrong run is expected to cost, in US dollars (the downside of the risk penalty).
    public var expectedDownsideUsd: Double
    /// How sensitive it is for compliance, 0...1 (pricing and forecasts are high).
    public var complianceSensitivity: Double
    /// How it is carried out.
    public var executor: ExecutorSpec
    /// Who approves it when a person must.
    public var approval: ApprovalRule

    /// Creates an action type.
    public init(
        name: String, risk: RiskLevel, reversible: Bool, idempotent: Bool, external: Bool, costUsd: Double,
        domain: Domain = .revenue, impactPoints: Double = 1, expectedDownsideUsd: Double = 1,
        complianceSensitivity: Double = 0, executor: ExecutorSpec = .record, approval: ApprovalRule = .default
    ) {
        self.name = name
        self.risk = risk
        self.reversible = reversible
        self.idempotent = idempotent
        self.external = external
        self.costUsd = costUsd
        self.domain = domain
        self.impactPoints = impactPoints
        self.expectedDownsideUsd = expectedDownsideUsd
        self.complianceSensitivity = complianceSensitivity
        self.executor = executor
        self.approval = approval
    }

    /// High-risk and external actions never run without a person, whatever the configuration says.
    public var neverAutonomous: Bool { risk == .high || external }

    /// Autopilot's own bar (seed 003 §5.1): low-risk, reversible, idempotent and internal.
    public var autopilotEligible: Bool { risk == .low && reversible && idempotent && !external }
}

extension ActionType {
    /// The action types of seed 003 §5.4: five low-risk internal ones that autopilot may run and
    /// six high-risk ones that always go to a person. Agents execute them (`record`).
    public static let seedTypes: [ActionType] = [
        ActionType(
            name: "create_internal_note", risk: .low, reversible: true, idempotent: true, external: false,
            costUsd: 0.002, impactPoints: 1, expectedDownsideUsd: 0.5),
        ActionType(
            name: "create_followup_task", risk: .low, reversible: true, idempotent: true, external: false,
            costUsd: 0.002, impactPoints: 2, expectedDownsideUsd: 1),
        ActionType(
            name: "generate_meeting_brief", risk: .low, reversible: true, idempotent: true, external: false,
            costUsd: 0.05, impactPoints: 3, expectedDownsideUsd: 1),
        ActionType(
            name: "draft_email", risk: .low, reversible: true, idempotent: true, external: false,
            costUsd: 0.02, impactPoints: 2, expectedDownsideUsd: 1),
        ActionType(
            name: "open_approval_request", risk: .low, reversible: true, idempotent: true, external: false,
            costUsd: 0.001, impactPoints: 1, expectedDownsideUsd: 0.5),
        ActionType(
            name: "send_email", risk: .high, reversible: false, idempotent: false, external: true,
            costUsd: 0.01, impactPoints: 5, expectedDownsideUsd: 200, complianceSensitivity: 0.6),
        ActionType(
            name: "change_opportunity_stage", risk: .high, reversible: true, idempotent: true, external: false,
            costUsd: 0.001, impactPoints: 8, expectedDownsideUsd: 100, complianceSensitivity: 0.5),
        ActionType(
            name: "change_forecast", risk: .high, reversible: true, idempotent: true, external: false,
            costUsd: 0.001, impactPoints: 8, expectedDownsideUsd: 500, complianceSensitivity: 0.8),
        ActionType(
            name: "modify_pricing", risk: .high, reversible: true, idempotent: true, external: false,
            costUsd: 0.001, impactPoints: 10, expectedDownsideUsd: 1000, complianceSensitivity: 0.9),
        ActionType(
            name: "modify_discount", risk: .high, reversible: true, idempotent: true, external: false,
            costUsd: 0.001, impactPoints: 10, expectedDownsideUsd: 1000, complianceSensitivity: 0.9),
        ActionType(
            name: "contact_customer", risk: .high, reversible: false, idempotent: false, external: true,
            costUsd: 0.01, impactPoints: 6, expectedDownsideUsd: 300, complianceSensitivity: 0.7),
    ]
}
