public import StewardExpr

/// What the classifier's rules may read: the problem signal and what Steward knows around it.
public struct ClassifierFacts: Sendable, Hashable {
    /// The signal that opened or joined the incident.
    public var signal: StatusSignal
    /// The agent's domain.
    public var domain: Domain
    /// Healthy signals in a row before this one.
    public var healthyStreak: Int
    /// Problem signals within the recent window, this one included.
    public var recentFailures: Int
    /// Agents (this one included) whose recent signals claim the signal's directive; 0 without one.
    public var directiveClaimants: Int
    /// The agent's sources that are stale or have an open incident.
    public var failingDependencies: [String]
    /// The SLO thresholds.
    public var slo: SLOTargets

    /// Creates facts.
    public init(
        signal: StatusSignal, domain: Domain, healthyStreak: Int = 0, recentFailures: Int = 1, directiveClaimants: Int = 0,
        failingDependencies: [String] = [], slo: SLOTargets = RemediationSettings.default.slo
    ) {
        self.signal = signal
        self.domain = domain
        self.healthyStreak = healthyStreak
        self.recentFailures = recentFailures
        self.directiveClaimants = directiveClaimants
        self.failingDependencies = failingDependencies
        self.slo = slo
    }

    /// The variables classifier rules are checked against (docs/remediation.md lists them).
    public static let variables: [(name: String, type: ExprType)] = SignalVariables.declarations + [
        ("history.healthyStreak", .int), ("history.recentFailures", .int), ("directive.claimants", .int),
        ("dependency.failing", .bool), ("dependency.failingSources", .list(.string)),
    ]

    /// The environment classifier rules compile against.
    public static let environment = ExprEnvironment(variables)

    /// The activation for these facts.
    public func activation() -> ExprActivation {
        var a = ExprActivation(Self.environment)
        SignalVariables.fill(&a, signal: signal, domain: domain, slo: slo)
        _ = a.set("history.healthyStreak", .int(Int64(healthyStreak)))
        _ = a.set("history.recentFailures", .int(Int64(recentFailures)))
        _ = a.set("directive.claimants", .int(Int64(directiveClaimants)))
        _ = a.set("dependency.failing", .bool(!failingDependencies.isEmpty))
        _ = a.set("dependency.failingSources", .list(failingDependencies.map(ExprValue.string)))
        return a
    }
}

/// The signal's fields as rule variables, shared by classifier rules and success criteria.
public enum SignalVariables {
    /// The declarations: `agent`, `domain`, `status`, `metrics.*`, `context.*`, `slo.*`.
    public static let declarations: [(name: String, type: ExprType)] = [
        ("agent", .string), ("domain", .string), ("status", .string), ("lastReport", .string),
        ("metrics.successRate", .double), ("metrics.alignment", .double), ("metrics.backlogAgeMinutes", .double),
        ("metrics.costBurnRatePerHour", .double),
        ("context.directiveId", .string), ("context.conflictId", .string), ("context.errorCode", .string),
        ("context.queueDepth", .int), ("context.dependencies", .list(.string)), ("context.missingSecrets", .list(.string)),
        ("slo.success", .double), ("slo.alignment", .double), ("slo.backlogMinutes", .double),
    ]

    /// Sets the declared variables; absent optional fields read as `""`.
    public static func fill(_ a: inout ExprActivation, signal s: StatusSignal, domain: Domain, slo: SLOTargets) {
        _ = a.set("agent", .string(s.agent))
        _ = a.set("domain", .string(domain.rawValue))
        _ = a.set("status", .string(s.status.rawValue))
        _ = a.set("lastReport", .string(s.lastReport))
        _ = a.set("metrics.successRate", .double(s.metrics.successRate))
        _ = a.set("metrics.alignment", .double(s.metrics.alignment))
        _ = a.set("metrics.backlogAgeMinutes", .double(s.metrics.backlogAgeMinutes))
        _ = a.set("metrics.costBurnRatePerHour", .double(s.metrics.costBurnRatePerHour))
        _ = a.set("context.directiveId", .string(s.context.directiveId ?? ""))
        _ = a.set("context.conflictId", .string(s.context.conflictId ?? ""))
        _ = a.set("context.errorCode", .string(s.context.errorCode?.rawValue ?? ""))
        _ = a.set("context.queueDepth", .int(Int64(s.context.queueDepth)))
        _ = a.set("context.dependencies", .list(s.context.dependencies.map(ExprValue.string)))
        _ = a.set("context.missingSecrets", .list(s.context.missingSecrets.map(ExprValue.string)))
        _ = a.set("slo.success", .double(slo.success))
        _ = a.set("slo.alignment", .double(slo.alignment))
        _ = a.set("slo.backlogMinutes", .double(Double(slo.backlogMinutes)))
    }
}
