public import StewardExpr

/// The figures a breaker condition reads, for one rule's window at one moment.
///
/// Rates are 0 until the window holds the rule's minimum number of calls, so one failure of one
/// call cannot trip an error-rate rule; counts are always as they are.
public struct BreakerVariables: Sendable, Hashable, Codable {
    /// The tenant's outcomes in the window (the rule's action types only, when it names some).
    public var tenant: OutcomeCounts
    /// The action type the evaluation is about ("" for an incident).
    public var commandType: String
    /// That type's outcomes in the window.
    public var type: OutcomeCounts
    /// The rule's minimum number of calls.
    public var minimumCalls: Int

    /// Creates the figures.
    public init(tenant: OutcomeCounts, commandType: String, type: OutcomeCounts, minimumCalls: Int) {
        self.tenant = tenant
        self.commandType = commandType
        self.type = type
        self.minimumCalls = minimumCalls
    }

    /// failures / calls, once calls reach the minimum.
    public var errorRate: Double { rate(tenant.failures, tenant.calls, minimum: minimumCalls) }
    /// successes / calls, once calls reach the minimum.
    public var successRate: Double { rate(tenant.successes, tenant.calls, minimum: minimumCalls) }
    /// rollbacks / successes (seed 002: rolledBack / succeeded), once calls reach the minimum.
    public var rollbackRate: Double { tenant.calls < minimumCalls ? 0 : rate(tenant.rollbacks, tenant.successes, minimum: 1) }

    private func rate(_ part: Int, _ whole: Int, minimum: Int) -> Double {
        whole < max(1, minimum) ? 0 : Double(part) / Double(whole)
    }

    /// The declarations breaker conditions compile against (docs/governance.md lists them).
    public static let declarations: [(name: String, type: ExprType)] = [
        ("errorRate", .double), ("successRate", .double), ("rollbackRate", .double),
        ("calls", .int), ("successes", .int), ("failures", .int), ("rollbacks", .int),
        ("incidents", .int), ("incident.severity", .string), ("incident.critical", .int),
        ("commandType.name", .string), ("commandType.calls", .int), ("commandType.successes", .int),
        ("commandType.failures", .int), ("commandType.rollbacks", .int), ("commandType.errorRate", .double),
        ("latencyP95Ms", .int), ("latencyP99Ms", .int), ("commandType.latencyP95Ms", .int), ("commandType.latencyP99Ms", .int),
    ]

    /// The environment breaker conditions compile against.
    public static let environment = ExprEnvironment(declarations)

    /// These figures as an activation.
    public func activation() -> ExprActivation {
        var a = ExprActivation(Self.environment)
        _ = a.set("errorRate", .double(errorRate))
        _ = a.set("successRate", .double(successRate))
        _ = a.set("rollbackRate", .double(rollbackRate))
        _ = a.set("calls", .int(Int64(tenant.calls)))
        _ = a.set("successes", .int(Int64(tenant.successes)))
        _ = a.set("failures", .int(Int64(tenant.failures)))
        _ = a.set("rollbacks", .int(Int64(tenant.rollbacks)))
        _ = a.set("incidents", .int(Int64(tenant.incidents.total)))
        _ = a.set("incident.severity", .string(tenant.incidents.worst))
        _ = a.set("incident.critical", .int(Int64(tenant.incidents.critical)))
        _ = a.set("commandType.name", .string(commandType))
        _ = a.set("commandType.calls", .int(Int64(type.calls)))
        _ = a.set("commandType.successes", .int(Int64(type.successes)))
        _ = a.set("commandType.failures", .int(Int64(type.failures)))
        _ = a.set("commandType.rollbacks", .int(Int64(type.rollbacks)))
        _ = a.set("commandType.errorRate", .double(rate(type.failures, type.calls, minimum: minimumCalls)))
        // Latency quantiles wait for the minimum number of calls too.
        _ = a.set("latencyP95Ms", .int(tenant.calls < minimumCalls ? 0 : tenant.latency.quantile(0.95)))
        _ = a.set("latencyP99Ms", .int(tenant.calls < minimumCalls ? 0 : tenant.latency.quantile(0.99)))
        _ = a.set("commandType.latencyP95Ms", .int(type.calls < minimumCalls ? 0 : type.latency.quantile(0.95)))
        _ = a.set("commandType.latencyP99Ms", .int(type.calls < minimumCalls ? 0 : type.latency.quantile(0.99)))
        return a
    }

    private enum CodingKeys: String, CodingKey {
        case tenant, commandType, type, minimumCalls, errorRate, successRate, rollbackRate
    }

    /// Encodes the counts and the rates the condition saw.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(tenant, forKey: .tenant)
        try c.encode(commandType, forKey: .commandType)
        try c.encode(type, forKey: .type)
        try c.encode(minimumCalls, forKey: .minimumCalls)
        try c.encode(errorRate, forKey: .errorRate)
        try c.encode(successRate, forKey: .successRate)
        try c.encode(rollbackRate, forKey: .rollbackRate)
    }

    /// Decodes the counts (the rates follow from them).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        tenant = try c.decode(OutcomeCounts.self, forKey: .tenant)
        commandType = try c.decode(String.self, forKey: .commandType)
        type = try c.decode(OutcomeCounts.self, forKey: .type)
        minimumCalls = try c.decode(Int.self, forKey: .minimumCalls)
    }

    /// A sentence with the figures, for the trip's explanation.
    public var summary: String {
        var parts = [
            "\(tenant.failures) of \(tenant.calls) executions failed", "\(tenant.rollbacks) rolled back",
            "\(tenant.incidents.total) incidents (\(tenant.incidents.critical) critical)",
        ]
        if !commandType.isEmpty { parts.append("\(commandType): \(type.failures) of \(type.calls) failed") }
        return parts.joined(separator: ", ")
    }
}
