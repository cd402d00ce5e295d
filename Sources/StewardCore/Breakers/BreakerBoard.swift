/// Something a breaker watches happening.
public enum BreakerEvent: Sendable, Hashable {
    /// An execution of `type` succeeded.
    case succeeded(type: String)
    /// An execution of `type` failed.
    case failed(type: String)
    /// An executed action of `type` was rolled back.
    case rolledBack(type: String)
    /// An incident of `severity` opened.
    case incident(IncidentSeverity)

    private var succeededOrFailed: Bool {
        switch self {
        case .succeeded, .failed: true
        case .rolledBack, .incident: false
        }
    }

    /// The action type it concerns, if any.
    public var actionType: String? {
        switch self {
        case .succeeded(let t), .failed(let t), .rolledBack(let t): t
        case .incident: nil
        }
    }

    func apply(to counts: inout OutcomeCounts, durationMs: Int64?) {
        if let durationMs, succeededOrFailed { counts.latency.record(durationMs) }
        switch self {
        case .succeeded: counts.successes += 1
        case .failed: counts.failures += 1
        case .rolledBack: counts.rollbacks += 1
        case .incident(let severity): counts.incidents.count(severity)
        }
    }
}

/// A rule whose condition holds, with the figures that made it hold.
public struct BreakerFinding: Sendable, Hashable {
    /// The rule.
    public var rule: BreakerRule
    /// The action type a pause applies to (nil for tenant-wide rules).
    public var actionType: String?
    /// The figures.
    public var variables: BreakerVariables

    /// The identifier of the breaker the finding concerns: the rule's, plus the paused type.
    public var breakerID: String { BreakerStatus.id(rule: rule.id, actionType: actionType) }
}

/// The sliding windows of one tenant's outcomes: one per window length for the whole tenant and
/// one per window length and action type. Pure and deterministic: time comes with each call.
public struct BreakerBoard: Sendable {
    let rules: CompiledBreakerRules
    let lengths: [WindowDuration]
    private var all: [SlidingWindow]
    private var byType: [String: [SlidingWindow]] = [:]
    /// The last autonomous execution per agent, to attribute incidents (one entry per agent).
    private var autonomousExecutions: [String: Timestamp] = [:]
    let attributionMilliseconds: Int64

    /// An empty board for `rules`; an incident counts when it opens on an agent within
    /// `attributionMinutes` after an autonomous execution for that agent.
    public init(rules: CompiledBreakerRules, attributionMinutes: Int = 30) {
        self.rules = rules
        attributionMilliseconds = Int64(attributionMinutes) * 60_000
        lengths = rules.windows.sorted { $0.seconds < $1.seconds }
        all = lengths.map(SlidingWindow.init(length:))
    }

    /// Counts `event` at `ts` (an execution with its duration, for latency objectives): O(1)
    /// per distinct window length.
    public mutating func record(_ event: BreakerEvent, at ts: Timestamp, durationMs: Int64? = nil) {
        for i in all.indices { all[i].record(at: ts) { event.apply(to: &$0, durationMs: durationMs) } }
        guard let type = event.actionType else { return }
        var windows = byType[type] ?? lengths.map(SlidingWindow.init(length:))
        for i in windows.indices { windows[i].record(at: ts) { event.apply(to: &$0, durationMs: durationMs) } }
        byType[type] = windows
    }

    /// Notes an execution for `agent`; autonomous ones can have incidents attributed to them.
    public mutating func executed(agent: String, autonomous: Bool, at ts: Timestamp) {
        guard autonomous, autonomousExecutions[agent].map({ $0 < ts }) ?? true else { return }
        autonomousExecutions[agent] = ts
    }

    /// Whether an incident opening on `agent` at `ts` follows an autonomous execution for it
    /// closely enough to be attributed to it (seed 002, open question 1: time and resource).
    public func attributes(incidentOn agent: String, at ts: Timestamp) -> Bool {
        guard let last = autonomousExecutions[agent] else { return false }
        return (0...attributionMilliseconds).contains(ts.milliseconds(since: last))
    }

    /// The enabled rules whose condition holds at `now`, evaluated for `type` (the action type of
    /// the event just recorded; nil after an incident). `skip` names breakers not to evaluate
    /// (disabled, or already open); `since` gives a breaker's fresh start, before which nothing
    /// counts toward it.
    public func findings(
        for type: String?, at now: Timestamp, skip: (String) -> Bool = { _ in false }, since: (String) -> Timestamp? = { _ in nil }
    ) -> [BreakerFinding] {
        var found: [BreakerFinding] = []
        for compiled in rules.rules where compiled.rule.enabled {
            let rule = compiled.rule
            if let type, !rule.watches(type) { continue }
            let scope = rule.action == .pauseCommandType ? type : nil
            if rule.action == .pauseCommandType && scope == nil { continue }
            // A pause rule disabled (or forced open) as a whole covers each of its types.
            if skip(BreakerStatus.id(rule: rule.id, actionType: scope)) || (scope != nil && skip(rule.id)) { continue }
            let variables = self.variables(rule, type: type, at: now, since: since(BreakerStatus.id(rule: rule.id, actionType: scope)))
            if CompiledBreakerRules.holds(compiled, variables) {
                found.append(BreakerFinding(rule: rule, actionType: scope, variables: variables))
            }
        }
        return found
    }

    /// The figures `rule` sees at `now` about `type`, counting from `since` when given.
    public func variables(_ rule: BreakerRule, type: String?, at now: Timestamp, since: Timestamp? = nil) -> BreakerVariables {
        guard let w = lengths.firstIndex(of: rule.window) else {
            return BreakerVariables(tenant: OutcomeCounts(), commandType: type ?? "", type: OutcomeCounts(), minimumCalls: rule.minimumCalls)
        }
        var tenant: OutcomeCounts
        if rule.actionTypes.isEmpty {
            tenant = all[w].totals(at: now, since: since)
        } else {
            // Only the watched types' executions, but every incident.
            tenant = OutcomeCounts()
            for t in rule.actionTypes { if let windows = byType[t] { tenant.add(windows[w].totals(at: now, since: since)) } }
            tenant.incidents = all[w].totals(at: now, since: since).incidents
        }
        let typeCounts = type.flatMap { byType[$0]?[w].totals(at: now, since: since) } ?? OutcomeCounts()
        return BreakerVariables(tenant: tenant, commandType: type ?? "", type: typeCounts, minimumCalls: rule.minimumCalls)
    }
}
