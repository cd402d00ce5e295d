/// The weekly KPIs of seed 001 §13 and seed 000 §8 over one window, for dashboard tiles, JSON
/// and CSV (``csv()``). Figures that have nothing to measure are nil, never NaN; the synthesized
/// Codable conformance leaves nil figures out of the JSON.
///
/// "Closed in the window" means `closedAt` falls in the window and the outcome is not `open`;
/// rates and costs count incidents by when they closed, counts of new incidents by when they opened.
public struct KPIReport: Sendable, Hashable, Codable {
    /// The span covered.
    public var window: KPIWindow
    /// Incidents opened in the window.
    public var incidents: Int
    /// Auto-resolved ÷ all incidents closed in the window (suppressed and escalated included);
    /// nil if none closed. Seed 001's target is ≥ 0.85.
    public var autoResolveRate: Double?
    /// Mean minutes from opening to closing of incidents resolved (by a playbook or a person) in the
    /// window, per class; classes with none are absent.
    public var mttrMinutesByClass: [String: Double]
    /// The median minutes to close of CONFLICT incidents closed in the window, whatever their
    /// outcome (half were cleared faster); nil if none closed.
    public var conflictHalfLifeMinutes: Double?
    /// Escalations in the window ÷ (window days ÷ 7); nil for an empty window.
    public var escalationsPerWeek: Double?
    /// Total remediation cost of incidents closed in the window ÷ those auto-resolved, in US
    /// dollars: failures' cost is charged to the successes; nil if none auto-resolved.
    public var costPerAutoResolvedIncidentUsd: Double?
    /// Mean alignment against its target.
    public var alignment: AlignmentKPI
    /// Distinct directive ids each agent reported in the window ÷ window hours: the throughput
    /// proxy the signal schema allows, as signals name the directive worked on but not its
    /// completion. Every agent that sent a signal appears, with 0 if it named no directive.
    public var directivesPerHourByAgent: [String: Double]
    /// Σ slots in use ÷ Σ slots allocated over the window's allocation samples; nil if none (or
    /// no slots were allocated).
    public var autoscalingEfficiency: Double?
    /// Stale-data incidents and time to freshness.
    public var staleData: StaleDataKPI
    /// MTTR of bandit-chosen playbooks against fixed defaults.
    public var banditLift: BanditLiftKPI
    /// Incidents closed in the window that needed a person ÷ all closed in it; nil if none closed.
    public var hitlRate: Double?
    /// The signals behind the alignment and throughput figures.
    public var signals: SignalCoverageKPI

    /// Creates a report from its figures; ``compute(window:incidents:signals:allocations:alignmentTarget:)``
    /// derives them.
    public init(
        window: KPIWindow, incidents: Int, autoResolveRate: Double?, mttrMinutesByClass: [String: Double],
        conflictHalfLifeMinutes: Double?, escalationsPerWeek: Double?, costPerAutoResolvedIncidentUsd: Double?,
        alignment: AlignmentKPI, directivesPerHourByAgent: [String: Double], autoscalingEfficiency: Double?,
        staleData: StaleDataKPI, banditLift: BanditLiftKPI, hitlRate: Double?,
        signals: SignalCoverageKPI = SignalCoverageKPI(counted: 0, complete: true)
    ) {
        self.window = window
        self.incidents = incidents
        self.autoResolveRate = autoResolveRate
        self.mttrMinutesByClass = mttrMinutesByClass
        self.conflictHalfLifeMinutes = conflictHalfLifeMinutes
        self.escalationsPerWeek = escalationsPerWeek
        self.costPerAutoResolvedIncidentUsd = costPerAutoResolvedIncidentUsd
        self.alignment = alignment
        self.directivesPerHourByAgent = directivesPerHourByAgent
        self.autoscalingEfficiency = autoscalingEfficiency
        self.staleData = staleData
        self.banditLift = banditLift
        self.hitlRate = hitlRate
        self.signals = signals
    }
}
