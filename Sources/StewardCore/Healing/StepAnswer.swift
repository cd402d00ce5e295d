/// The status signal an agent answered a remediation step with (`{"signal": {...}}`), read
/// against the rules a signal sent to `POST /v1/signals` obeys: it may judge the attempt only if
/// it is valid, describes the incident's own agent, and was measured during the attempt and no
/// longer ago than `remediation.signals.maxAgeSeconds`. An older report does not describe the
/// agent after the fix, so it must not pass (or fail) the fix.
public enum StepAnswer: Sendable, Hashable {
    /// The answer carries no signal.
    case none
    /// A signal that may judge the attempt (a `ts` ahead of `now` counts as `now`, as at the intake).
    case usable(StatusSignal)
    /// A signal that may not, and why, in a sentence for the step's detail.
    case ignored(String)

    /// Reads `response["signal"]` for a step of an attempt started at `attemptStartedAt`.
    public static func read(
        _ response: JSONValue?, agent: String, attemptStartedAt: Timestamp, now: Timestamp, signals: SignalSettings
    ) -> StepAnswer {
        guard let json = response?["signal"], json != .null else { return .none }
        switch SignalCheck.read(json, now: now, maxFutureSkewSeconds: signals.maxFutureSkewSeconds) {
        case .failure(let problems):
            let why = problems.problems.prefix(3).map { $0.field.isEmpty ? $0.reason : "\($0.field) \($0.reason)" }
            return .ignored("the answer's signal was ignored: \(why.joined(separator: "; "))")
        case .success(var signal):
            guard signal.agent == agent else {
                // Another agent's status says nothing about this one, and must not move it either.
                return .ignored("the answer's signal was ignored: it names agent \(signal.agent), not \(agent)")
            }
            if signal.ts > now { signal.ts = now }
            if signal.ts < attemptStartedAt {
                return .ignored(
                    "the answer's signal was ignored: measured at \(signal.ts.rfc3339), before the attempt started (\(attemptStartedAt.rfc3339))")
            }
            let age = now.milliseconds(since: signal.ts)
            if age > Int64(signals.maxAgeSeconds) * 1000 {
                return .ignored(
                    "the answer's signal was ignored: measured \(age / 1000) s ago, more than remediation.signals.maxAgeSeconds (\(signals.maxAgeSeconds) s)")
            }
            return .usable(signal)
        }
    }

    /// The usable signal, if any.
    public var signal: StatusSignal? {
        if case .usable(let signal) = self { return signal }
        return nil
    }

    /// Why the signal was ignored, if it was.
    public var ignoredBecause: String? {
        if case .ignored(let why) = self { return why }
        return nil
    }
}
