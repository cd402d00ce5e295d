import StewardCore

/// A breaker change as a ledger payload and as an alert.
enum BreakerEntry {
    static func payload(_ t: BreakerTransition) throws -> JSONValue {
        let s = t.status
        var payload: [String: JSONValue] = [
            "breaker": .string(s.id), "rule": .string(s.rule), "name": .string(s.name), "from": .string(t.from.rawValue),
            "to": .string(s.state.rawValue), "effect": .string(s.action.rawValue), "severity": .string(s.severity.rawValue),
            "reason": .string(s.reason), "trips": .int(Int64(s.trips)), "alertsOnly": .bool(s.alertsOnly),
            "probesSucceeded": .int(Int64(s.probesSucceeded)), "probesNeeded": .int(Int64(s.probesNeeded)),
        ]
        if let type = s.actionType { payload["actionType"] = .string(type) }
        if let note = t.note { payload["note"] = .string(note) }
        if let figures = s.figures, t.kind == "breaker.tripped" { payload["figures"] = try JSONValueEncoder.encode(figures) }
        return .object(payload)
    }

    static func notification(_ t: BreakerTransition, tenant: String, now: Timestamp) -> Notification {
        let s = t.status
        let effect: String
        switch (t.kind, s.action, s.alertsOnly) {
        case ("breaker.closed", _, _), ("breaker.reset", _, _): effect = "autonomy is restored"
        case (_, _, true): effect = "alert only, nothing held back"
        case (_, .revertToL3, _): effect = "tenant \(tenant) is at L3: every action needs a person"
        case (_, .pauseCommandType, _): effect = "\(s.actionType ?? "its action types") \(s.blocks ? "is refused" : "needs a person")"
        default: effect = "alert only"
        }
        let text = "[\(s.severity.rawValue.uppercased())] Breaker '\(s.name)' \(String(s.state.rawValue.map { $0 == "_" ? "-" : $0 })) in \(tenant): \(effect). \(s.reason)"
        let payload = (try? payload(t)) ?? .object([:])
        return Notification(kind: t.kind, tenant: tenant, subject: "breaker:\(s.id)", payload: payload, ts: now, text: text, severity: s.severity.rawValue)
    }
}

extension BreakerEntry {
    /// The breaker event a ledger entry records, if any (for refilling windows after a start).
    static func event(_ kind: String, _ payload: JSONValue) -> BreakerEvent? {
        let type = payload["type"]?.stringValue
        // Remediation steps count toward no breaker (GovernanceAssembly.events says why).
        if payload["trigger"]?.stringValue == ProposalTrigger.remediation.rawValue { return nil }
        switch kind {
        case "action.executed", "action.outcome":
            guard let type, let label = payload["label"]?.stringValue, payload["interrupted"] != .bool(true) else { return nil }
            if label == OutcomeLabel.executionSucceeded.rawValue { return .succeeded(type: type) }
            if label == OutcomeLabel.executionFailed.rawValue { return .failed(type: type) }
            return nil
        case "action.rolled_back":
            return type.map { .rolledBack(type: $0) }
        case "incident.opened":
            return payload["severity"]?.stringValue.flatMap(IncidentSeverity.init(rawValue:)).map(BreakerEvent.incident)
        default:
            return nil
        }
    }
}

extension BreakerEvent {
    /// Whether an execution succeeded (nil for rollbacks and incidents).
    var succeeded: Bool? {
        switch self {
        case .succeeded: true
        case .failed: false
        case .rolledBack, .incident: nil
        }
    }
}
