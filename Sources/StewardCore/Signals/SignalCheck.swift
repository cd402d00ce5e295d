/// Reads a status signal from JSON, checking every field; a signal with any problem is refused whole.
public enum SignalCheck {
    /// The signal in `json`, or every problem with it.
    ///
    /// - Parameters:
    ///   - now: the server's time; a `ts` later than `now + maxFutureSkewSeconds` is refused.
    ///   - maxAgeSeconds: when given, a `ts` earlier than `now - maxAgeSeconds` is refused too: so
    ///     old a report no longer describes the agent and must not drive remediation.
    public static func read(
        _ json: JSONValue, now: Timestamp, maxFutureSkewSeconds: Int, maxAgeSeconds: Int? = nil
    ) -> Result<StatusSignal, SignalProblems> {
        var p = FieldChecks(record: "a status signal")
        guard case .object(let fields) = json else {
            return .failure(SignalProblems([FieldProblem(field: "", reason: "must be a JSON object (a status signal)")]))
        }
        p.unknown(fields, allowed: topFields, prefix: "")
        let agent = p.name(fields["agent"], "agent", required: true) ?? ""
        // The rule of POST /v1/actions: an agent registered here must be usable everywhere else.
        if !agent.isEmpty, !APIName.isValid(agent) { p.add("agent", APIName.rule) }
        let status = p.choice(fields["status"], "status", SignalStatus.self, required: true)
        let lastReport = p.text(fields["lastReport"], "lastReport", limit: 4_096) ?? ""
        var metrics = SignalMetrics()
        switch fields["metrics"] {
        case .object(let m)?:
            p.unknown(m, allowed: metricFields, prefix: "metrics.")
            metrics.successRate = p.number(m["successRate"], "metrics.successRate", in: 0...1, required: true) ?? 0
            metrics.alignment = p.number(m["alignment"], "metrics.alignment", in: 0...1, required: true) ?? 0
            metrics.backlogAgeMinutes = p.number(m["backlogAgeMinutes"], "metrics.backlogAgeMinutes", in: 0...1e9, required: true) ?? 0
            metrics.costBurnRatePerHour = p.number(m["costBurnRatePerHour"], "metrics.costBurnRatePerHour", in: 0...1e9, required: false) ?? 0
        case nil, .null?:
            p.add("metrics", "is required: an object with successRate, alignment and backlogAgeMinutes")
        default:
            p.add("metrics", "must be an object")
        }
        var context = SignalContext()
        switch fields["context"] {
        case .object(let c)?:
            p.unknown(c, allowed: contextFields, prefix: "context.")
            context.directiveId = p.name(c["directiveId"], "context.directiveId", required: false)
            context.conflictId = p.name(c["conflictId"], "context.conflictId", required: false)
            context.errorCode = p.choice(c["errorCode"], "context.errorCode", SignalErrorCode.self, required: false)
            context.queueDepth = p.count(c["queueDepth"], "context.queueDepth") ?? 0
            context.dependencies = p.names(c["dependencies"], "context.dependencies")
            context.missingSecrets = p.names(c["missingSecrets"], "context.missingSecrets")
            context.lastTaskSucceeded = p.flag(c["lastTaskSucceeded"], "context.lastTaskSucceeded")
            context.inputsValid = p.flag(c["inputsValid"], "context.inputsValid")
            context.configHealthy = p.flag(c["configHealthy"], "context.configHealthy")
        case nil, .null?:
            break
        default:
            p.add("context", "must be an object")
        }
        var ts = now
        switch fields["ts"] {
        case .string(let text)?:
            if let parsed = Timestamp(rfc3339: text) {
                ts = parsed
                let skew = parsed.milliseconds(since: now)
                if skew > Int64(maxFutureSkewSeconds) * 1000 {
                    p.add("ts", "is \(skew / 1000) s in the future; at most \(maxFutureSkewSeconds) s of clock skew is accepted")
                } else if let maxAgeSeconds, -skew > Int64(maxAgeSeconds) * 1000 {
                    p.add(
                        "ts",
                        "is \(-skew / 1000) s in the past; a signal older than \(maxAgeSeconds) s (remediation.signals.maxAgeSeconds) no longer describes the agent and is refused")
                }
            } else {
                p.add("ts", "must be an ISO-8601 date-time with a time zone (2026-11-22T10:00:00Z), got '\(text.prefix(64))'")
            }
        case nil, .null?:
            p.add("ts", "is required: when the agent measured this, ISO-8601")
        default:
            p.add("ts", "must be an ISO-8601 date-time string")
        }
        guard p.list.isEmpty, let status else { return .failure(SignalProblems(p.list)) }
        return .success(StatusSignal(agent: agent, status: status, lastReport: lastReport, metrics: metrics, context: context, ts: ts))
    }

    static let topFields: Set<String> = ["agent", "status", "lastReport", "metrics", "context", "ts"]
    static let metricFields: Set<String> = ["successRate", "alignment", "backlogAgeMinutes", "costBurnRatePerHour"]
    static let contextFields: Set<String> = [
        "directiveId", "conflictId", "errorCode", "queueDepth", "dependencies", "missingSecrets", "lastTaskSucceeded",
        "inputsValid", "configHealthy",
    ]
}

/// Every problem of a refused signal.
public struct SignalProblems: Error, Sendable, Hashable {
    /// The problems, in field order.
    public var problems: [FieldProblem]

    /// Wraps problems.
    public init(_ problems: [FieldProblem]) { self.problems = problems }
}
