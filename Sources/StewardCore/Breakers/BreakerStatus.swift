/// Where a breaker is in its cycle, as in resilience4j.
public enum BreakerState: String, Sendable, Hashable, Codable, CaseIterable {
    /// Watching; nothing held back.
    case closed
    /// Tripped: autonomy is lowered until the open period ends.
    case open
    /// Letting person-approved probes through; closes when enough succeed.
    case halfOpen = "half_open"
    /// Held open by an operator until reset.
    case forcedOpen = "forced_open"
    /// Switched off by an operator: never trips.
    case disabled
}

/// One breaker's state row: a rule, or a rule and the action type it paused. Its fields include
/// those of `OpenBreaker`, which the gate reads from rows whose status is `open`.
public struct BreakerStatus: Sendable, Hashable, Codable {
    /// The row's identifier: the rule's id, or `rule-id:action-type` for a paused type.
    public var id: String
    /// The rule's id.
    public var rule: String
    /// The name the gate and operators see.
    public var name: String
    /// The paused action type, for pause_command_type breakers.
    public var actionType: String?
    /// The state.
    public var state: BreakerState
    /// What tripping does.
    public var action: BreakerAction
    /// The rule's alert severity.
    public var severity: AlertSeverity
    /// Whether it only records and alerts (alert_only or shadow).
    public var alertsOnly: Bool
    /// The action types it holds back while enforcing; empty means all.
    public var actionTypes: [String]
    /// The agents it holds back; empty means all.
    public var agents: [String]
    /// Whether held-back actions are refused rather than sent to a person.
    public var blocks: Bool
    /// Why it last tripped (or who forced it).
    public var reason: String
    /// How many times it tripped.
    public var trips: Int
    /// When it last opened.
    public var openedAt: Timestamp?
    /// When an open breaker starts letting probes through.
    public var probeAt: Timestamp?
    /// Probes that must succeed in half-open.
    public var probesNeeded: Int
    /// Probes that succeeded so far.
    public var probesSucceeded: Int
    /// When it last alerted, for grouping.
    public var lastAlertAt: Timestamp?
    /// Trips not alerted because an alert for this breaker went out recently.
    public var groupedTrips: Int
    /// The figures of the last trip.
    public var figures: BreakerVariables?
    /// When it last changed.
    public var updatedAt: Timestamp
    /// When it last closed (reset, enabled, or closed after its open period): outcomes before
    /// then no longer count toward tripping it, as resilience4j drops its metrics on close.
    public var countsFrom: Timestamp? = nil

    /// `rule` or `rule:type`.
    public static func id(rule: String, actionType: String?) -> String { actionType.map { "\(rule):\($0)" } ?? rule }

    /// A closed breaker for `rule` (and the paused `actionType`).
    public init(rule: BreakerRule, actionType: String?, now: Timestamp) {
        id = Self.id(rule: rule.id, actionType: actionType)
        self.rule = rule.id
        name = actionType.map { "\(rule.name) (\($0))" } ?? rule.name
        self.actionType = actionType
        state = rule.enabled ? .closed : .disabled
        action = rule.action
        severity = rule.alertSeverity
        alertsOnly = rule.alertsOnly
        // A paused type, or (forced open without one) the types the rule watches; L3 holds all.
        actionTypes = rule.action == .revertToL3 ? [] : actionType.map { [$0] } ?? rule.actionTypes
        agents = []
        blocks = rule.action == .pauseCommandType && rule.blocks
        reason = ""
        trips = 0
        probesNeeded = rule.probes
        probesSucceeded = 0
        groupedTrips = 0
        updatedAt = now
    }

    /// Whether the gate must hold back what it covers now.
    public var enforcing: Bool {
        !alertsOnly && (state == .open || state == .halfOpen || state == .forcedOpen)
    }

    /// The row's status column: `open` while enforcing (what the gate reads); `alerting` for an
    /// alert-only or shadow breaker that tripped, which holds nothing back; else the state.
    public var rowStatus: String {
        if enforcing { return "open" }
        return alertsOnly && (state == .open || state == .halfOpen || state == .forcedOpen) ? "alerting" : state.rawValue
    }

    /// Whether it lowers the whole tenant to L3 right now.
    public var holdsTenantAtL3: Bool { enforcing && action == .revertToL3 }

    /// Whether an outcome of `type` is a probe for it.
    public func covers(_ type: String) -> Bool { actionTypes.isEmpty || actionTypes.contains(type) }
}
