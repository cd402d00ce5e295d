/// Builds ``AutonomyMetrics`` from ledger entries fed one at a time, in ledger order, in O(1)
/// amortized time each.
///
/// Only entries in `period` are counted. Earlier ones are lookback: they teach the tally each
/// action's type and agent, and the last autonomous execution per agent, so an incident early in
/// the period can be attributed to an action just before it. Callers pass entries from
/// `period.start − attributionWindow` on.
///
/// Attribution (seed 002 open question 1, by timing, affected resource and the action audit trail):
/// an incident opened at T on agent A is attributed to the most recent autonomous execution on A,
/// if that happened in [T − window, T]. Only the last autonomous execution per agent is kept, so
/// that part of the state is bounded by agents, not entries.
public struct MetricsTally: Sendable {
    /// The span counted.
    public let period: AutonomyMetrics.Period
    /// How long before an incident an autonomous execution may be blamed for it, in minutes.
    public let attributionWindowMinutes: Int

    private var commands = AutonomyMetrics.Commands()
    private var incidents = AutonomyMetrics.Incidents()
    private var safety = AutonomyMetrics.Safety()
    private var attributions: [IncidentAttribution] = []
    /// What the decision entries said about each action, for entries that do not repeat it.
    private var known: [String: KnownAction] = [:]
    private var byType: [String: ActionTypeRecord] = [:]
    /// The last autonomous execution per agent: all attribution needs.
    private var lastAutonomous: [String: Execution] = [:]

    /// A tally of `period`, attributing incidents to autonomous executions at most
    /// `attributionWindowMinutes` earlier (30 by default).
    public init(period: AutonomyMetrics.Period, attributionWindowMinutes: Int = 30) {
        self.period = period
        self.attributionWindowMinutes = attributionWindowMinutes
    }

    /// Counts one ledger entry. Kinds outside the governance vocabulary are ignored.
    public mutating func add(kind: String, ts: Timestamp, subject: String, payload: JSONValue) {
        let inPeriod = period.contains(ts)
        let action = payload["action"]?.stringValue
        switch kind {
        case "action.proposed", "action.redecided":
            decided(action, payload: payload, isNew: kind == "action.proposed", inPeriod: inPeriod)
        case "action.approved":
            if inPeriod { commands.approved += 1 }
        case "action.rejected":
            if inPeriod { commands.rejected += 1 }
        case "action.expired":
            // Decided by the type's `onExpiry`: an approval with no person, or a rejection.
            if inPeriod {
                if payload["decision"]?.stringValue == "approve" { commands.approved += 1 } else { commands.rejected += 1 }
            }
        case "action.executed":
            executed(action, ts: ts, payload: payload, inPeriod: inPeriod)
        case "action.outcome":
            // A dispatched action's result, reported by its agent: an execution like any other.
            if Self.isExecutionLabel(payload["label"]?.stringValue) { executed(action, ts: ts, payload: payload, inPeriod: inPeriod) }
        case "action.rolled_back":
            guard inPeriod else { return }
            commands.rolledBack += 1
            countType(action) { $0.rolledBack += 1 }
        case "incident.opened":
            if inPeriod { opened(ts: ts, subject: subject, payload: payload) }
        case "kill_switch.engaged":
            if inPeriod { safety.emergencyAborts += 1 }
        case "breaker.tripped":
            if inPeriod { safety.safetyGateTriggers += 1 }
        default:
            break
        }
    }

    /// Adds an hour's counters (a `GovernanceHours` row) for an hour inside the period whose
    /// action entries are not added one by one.
    public mutating func add(hour body: JSONValue) {
        guard case .object(let fields) = body else { return }
        for (key, value) in fields.sorted(by: { $0.key < $1.key }) {
            let n = Int(value.doubleValue ?? 0)
            switch key {
            case "proposed": commands.proposed += n
            case "approved": commands.approved += n
            case "rejected": commands.rejected += n
            case "succeeded": commands.succeeded += n
            case "failed": commands.failed += n
            case "rolledBack": commands.rolledBack += n
            case "blocked": safety.constraintViolations += n
            default:
                // `t.<type>.<counter>`; the type may itself contain dots.
                guard key.hasPrefix("t."), let dot = key.lastIndex(of: "."), dot > key.index(key.startIndex, offsetBy: 2) else { continue }
                let type = String(key[key.index(key.startIndex, offsetBy: 2)..<dot]), counter = key[key.index(after: dot)...]
                var record = byType[type] ?? ActionTypeRecord(type: type)
                switch counter {
                case "proposed": record.proposed += n
                case "autoExecuted": record.autoExecuted += n
                case "succeeded": record.succeeded += n
                case "failed": record.failed += n
                case "rolledBack": record.rolledBack += n
                default: break
                }
                byType[type] = record
            }
        }
    }

    /// Learns of an execution (`action.executed`, or an `action.outcome` with an execution
    /// label) for attribution only: its result is counted elsewhere.
    public mutating func note(execution payload: JSONValue, at ts: Timestamp) {
        guard Self.isExecutionLabel(payload["label"]?.stringValue) else { return }
        executed(payload["action"]?.stringValue, ts: ts, payload: payload, inPeriod: false)
    }

    static func isExecutionLabel(_ label: String?) -> Bool {
        let parsed = label.flatMap { OutcomeLabel(rawValue: $0.uppercased()) }
        return parsed == .executionSucceeded || parsed == .executionFailed
    }

    /// The metrics of everything added so far.
    public func metrics() -> AutonomyMetrics {
        var counts = commands
        // Every command the period decided: what hour counters can sum exactly.
        counts.total = commands.proposed
        return AutonomyMetrics(
            period: period, commands: counts, incidents: incidents, safety: safety, attributions: attributions,
            byActionType: byType.values.map(\.withSuccessRate).sorted { $0.type < $1.type })
    }

    /// A gate decision: a new proposal, or a deferred one decided again.
    private mutating func decided(_ action: String?, payload: JSONValue, isNew: Bool, inPeriod: Bool) {
        let proposal = payload["input"]?["proposal"]
        let outcome = payload["decision"]?["outcome"]?.stringValue
        if let action {
            var facts = known[action] ?? KnownAction()
            facts.type = proposal?["type"]?.stringValue ?? facts.type
            facts.agent = proposal?["agent"]?.stringValue ?? facts.agent
            facts.autoExecuted = outcome == "AUTO_EXECUTE"
            known[action] = facts
        }
        guard inPeriod else { return }
        if isNew {
            commands.proposed += 1
            countType(action) { $0.proposed += 1 }
        }
        // A re-decision is of a deferred action, which nothing approved or blocked yet.
        switch outcome {
        case "AUTO_EXECUTE":
            commands.approved += 1
            countType(action) { $0.autoExecuted += 1 }
        case "BLOCK":
            safety.constraintViolations += 1
        default:
            break
        }
    }

    /// An execution the spine ran: its result, and whether it ran without a person.
    private mutating func executed(_ action: String?, ts: Timestamp, payload: JSONValue, inPeriod: Bool) {
        guard let action else { return }
        var facts = known[action] ?? KnownAction()
        facts.type = payload["type"]?.stringValue ?? facts.type
        facts.agent = payload["agent"]?.stringValue ?? facts.agent
        known[action] = facts
        if inPeriod { countResult(action, label: payload["label"]?.stringValue) }
        // Entries written before `autonomous` existed: the gate's decision tells the same.
        let autonomous = payload["autonomous"]?.boolValue ?? facts.autoExecuted
        if autonomous, let agent = facts.agent {
            lastAutonomous[agent] = Execution(action: action, type: facts.type, at: ts)
        }
    }

    /// An execution result, from `action.executed` or a dispatched action's `action.outcome`.
    private mutating func countResult(_ action: String?, label: String?) {
        switch label.flatMap({ OutcomeLabel(rawValue: $0.uppercased()) }) {
        case .executionSucceeded:
            commands.succeeded += 1
            countType(action) { $0.succeeded += 1 }
        case .executionFailed:
            commands.failed += 1
            countType(action) { $0.failed += 1 }
        default:
            break
        }
    }

    /// An incident opened in the period, attributed when an autonomous execution on its agent
    /// happened within the window before it.
    private mutating func opened(ts: Timestamp, subject: String, payload: JSONValue) {
        incidents.total += 1
        let severity = payload["severity"]?.stringValue?.lowercased()
        if severity == "critical" { incidents.critical += 1 }
        let agent = subject.hasPrefix("agent:") ? String(subject.dropFirst(6)) : payload["agent"]?.stringValue
        guard let agent, let execution = lastAutonomous[agent] else { return }
        let gap = ts.milliseconds(since: execution.at)
        guard gap >= 0, gap <= Int64(attributionWindowMinutes) * 60_000 else { return }
        incidents.fromAutonomousActions += 1
        attributions.append(IncidentAttribution(
            incident: payload["incident"]?.stringValue ?? "unknown", agent: agent, severity: severity,
            action: execution.action, actionType: execution.type, executedAt: execution.at, openedAt: ts,
            windowMinutes: attributionWindowMinutes))
    }

    /// Applies `change` to the record of the action's type; actions of unknown type are counted
    /// in the totals only.
    private mutating func countType(_ action: String?, _ change: (inout ActionTypeRecord) -> Void) {
        guard let action, let type = known[action]?.type else { return }
        var record = byType[type] ?? ActionTypeRecord(type: type)
        change(&record)
        byType[type] = record
    }
}

/// What earlier entries said about one action.
private struct KnownAction: Sendable {
    var type: String?
    var agent: String?
    var autoExecuted = false
}

/// An autonomous execution, as attribution remembers it.
private struct Execution: Sendable {
    var action: String
    var type: String?
    var at: Timestamp
}
