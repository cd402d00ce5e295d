/// Signals and agent rows as JSON built directly: every signal is written twice (its ledger entry
/// and its agent's row), and the generic `Encodable` path cost more than the rest of the intake.
/// Each must equal its `Encodable` form; `SignalJSONTests` checks that they do.
extension StatusSignal: JSONValueConvertible {
    /// The signal as JSON.
    public var jsonValue: JSONValue {
        [
            "agent": .string(agent), "status": .string(status.rawValue), "lastReport": .string(lastReport),
            "metrics": metrics.jsonValue, "context": context.jsonValue, "ts": ts.jsonValue,
        ]
    }
}

extension SignalMetrics: JSONValueConvertible {
    /// The metrics as JSON.
    public var jsonValue: JSONValue {
        [
            "successRate": .double(successRate), "alignment": .double(alignment), "backlogAgeMinutes": .double(backlogAgeMinutes),
            "costBurnRatePerHour": .double(costBurnRatePerHour),
        ]
    }
}

extension SignalContext: JSONValueConvertible {
    /// The context as JSON; absent optionals are left out, as `Encodable` leaves them.
    public var jsonValue: JSONValue {
        var o: [String: JSONValue] = [
            "queueDepth": .int(Int64(queueDepth)), "dependencies": .array(dependencies.map(JSONValue.string)),
            "missingSecrets": .array(missingSecrets.map(JSONValue.string)),
        ]
        if let directiveId { o["directiveId"] = .string(directiveId) }
        if let conflictId { o["conflictId"] = .string(conflictId) }
        if let errorCode { o["errorCode"] = .string(errorCode.rawValue) }
        if let lastTaskSucceeded { o["lastTaskSucceeded"] = .bool(lastTaskSucceeded) }
        if let inputsValid { o["inputsValid"] = .bool(inputsValid) }
        if let configHealthy { o["configHealthy"] = .bool(configHealthy) }
        return .object(o)
    }
}

extension AgentRecord: JSONValueConvertible {
    /// The agent's row as JSON.
    public var jsonValue: JSONValue {
        var o: [String: JSONValue] = [
            "name": .string(name), "tenant": .string(tenant), "domain": .string(domain.rawValue), "state": .string(state.rawValue),
            "autoRegistered": .bool(autoRegistered), "healthyStreak": .int(Int64(healthyStreak)),
            "healthyStreakBefore": .int(Int64(healthyStreakBefore)), "recentFailures": .array(recentFailures.map(\.jsonValue)),
            "signals": .int(Int64(signals)),
        ]
        if let lastSignal { o["lastSignal"] = lastSignal.jsonValue }
        if let lastSeenAt { o["lastSeenAt"] = lastSeenAt.jsonValue }
        if let incident { o["incident"] = .string(incident) }
        return .object(o)
    }
}
