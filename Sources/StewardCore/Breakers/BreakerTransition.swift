/// What changed in a breaker, for its ledger entry and its alert.
public struct BreakerTransition: Sendable, Hashable {
    /// The ledger kind: breaker.tripped, breaker.half_open, breaker.probe, breaker.closed, …
    public var kind: String
    /// The state after.
    public var status: BreakerStatus
    /// The state before.
    public var from: BreakerState
    /// Whether it should alert: trips (unless grouped with a recent alert), probes, closes, and
    /// operators' commands.
    public var alerts: Bool
    /// What the operator wrote with a command, for the ledger.
    public var note: String? = nil
}

/// The breaker state machine: pure functions from a state and an event to the next state.
public enum BreakerMachine {
    /// Trips a closed breaker on `finding`; alerts unless one went out within `groupSeconds`.
    public static func trip(_ s: BreakerStatus, _ finding: BreakerFinding, now: Timestamp, groupSeconds: Int) -> BreakerTransition? {
        guard s.state == .closed else { return nil }
        var next = s
        next.state = .open
        next.trips += 1
        next.openedAt = now
        next.probeAt = now.adding(seconds: Double(finding.rule.openSeconds))
        next.probesSucceeded = 0
        next.reason = "\(finding.rule.condition) held over \(finding.rule.window): \(finding.variables.summary)"
        next.figures = finding.variables
        next.updatedAt = now
        let grouped = s.lastAlertAt.map { now.milliseconds(since: $0) < Int64(groupSeconds) * 1000 } ?? false
        if grouped { next.groupedTrips += 1 } else { next.lastAlertAt = now; next.groupedTrips = 0 }
        return BreakerTransition(kind: "breaker.tripped", status: next, from: s.state, alerts: !grouped)
    }

    /// Moves an open breaker on when its open period is over: to half-open, or (alert-only
    /// breakers, which hold nothing back) straight to closed.
    public static func tick(_ s: BreakerStatus, now: Timestamp) -> BreakerTransition? {
        guard s.state == .open, let at = s.probeAt, now >= at else { return nil }
        var next = s
        next.updatedAt = now
        next.probesSucceeded = 0
        // Each transition says why it is in its new state; the trip's own figures stay in `figures`.
        if s.alertsOnly || s.probesNeeded == 0 {
            next.state = .closed
            next.countsFrom = now
            next.reason = "closed: its open period ended" + (s.alertsOnly ? " (alert-only, it held nothing back)" : "")
            return BreakerTransition(kind: "breaker.closed", status: next, from: s.state, alerts: false)
        }
        next.state = .halfOpen
        next.reason = "half-open after its open period: the next \(Self.probes(s.probesNeeded)) decide"
        return BreakerTransition(kind: "breaker.half_open", status: next, from: s.state, alerts: false)
    }

    /// Counts an execution result of a covered action in half-open: enough successes close the
    /// breaker, one failure opens it again for another period.
    public static func probe(_ s: BreakerStatus, succeeded: Bool, openSeconds: Int, now: Timestamp) -> BreakerTransition? {
        guard s.state == .halfOpen else { return nil }
        var next = s
        next.updatedAt = now
        if !succeeded {
            next.state = .open
            next.openedAt = now
            next.probeAt = now.adding(seconds: Double(openSeconds))
            next.probesSucceeded = 0
            next.reason = "a probe failed in half-open: open again for \(openSeconds) s"
            return BreakerTransition(kind: "breaker.reopened", status: next, from: s.state, alerts: true)
        }
        next.probesSucceeded += 1
        if next.probesSucceeded >= next.probesNeeded {
            next.state = .closed
            next.countsFrom = now
            next.reason = "closed after \(Self.probes(next.probesNeeded)) succeeded in half-open"
            return BreakerTransition(kind: "breaker.closed", status: next, from: s.state, alerts: true)
        }
        next.reason = "probe \(next.probesSucceeded) of \(next.probesNeeded) succeeded in half-open"
        return BreakerTransition(kind: "breaker.probe", status: next, from: s.state, alerts: true)
    }

    /// "1 probe", "3 probes".
    static func probes(_ n: Int) -> String { "\(n) probe\(n == 1 ? "" : "s")" }

    /// An operator's command. `reason` then says who did what and why; a breaker that no longer
    /// waits to probe has no `probeAt`.
    public static func command(_ s: BreakerStatus, _ command: BreakerCommand, by: String, reason: String?, now: Timestamp) -> BreakerTransition? {
        var next = s
        next.updatedAt = now
        next.probesSucceeded = 0
        let kind: String, done: String
        switch command {
        case .reset:
            guard s.state != .closed && s.state != .disabled else { return nil }
            next.state = .closed
            next.countsFrom = now
            (kind, done) = ("breaker.reset", "reset")
        case .forceOpen:
            guard s.state != .forcedOpen else { return nil }
            next.state = .forcedOpen
            next.openedAt = now
            (kind, done) = ("breaker.forced_open", "forced open")
        case .disable:
            guard s.state != .disabled else { return nil }
            next.state = .disabled
            (kind, done) = ("breaker.disabled", "disabled")
        case .enable:
            guard s.state == .disabled else { return nil }
            next.state = .closed
            next.countsFrom = now
            (kind, done) = ("breaker.enabled", "enabled")
        }
        next.reason = "\(done) by \(by)" + (reason.map { ": \($0)" } ?? "")
        if next.state == .closed {
            // A person said autonomy is back: the next trip is news, never grouped with the one before.
            next.lastAlertAt = nil
            next.groupedTrips = 0
        }
        // Only an open breaker waits to probe; none of these states does.
        next.probeAt = nil
        return BreakerTransition(kind: kind, status: next, from: s.state, alerts: true)
    }
}

/// What an operator can do to a breaker.
public enum BreakerCommand: String, Sendable, Hashable, Codable, CaseIterable {
    /// Close it now.
    case reset
    /// Hold it open until reset.
    case forceOpen = "force_open"
    /// Switch it off.
    case disable
    /// Switch it back on (closed).
    case enable
}
