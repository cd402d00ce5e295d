/// The standard status signal every agent emits on each heartbeat or state change (seed 001 §2).
public struct StatusSignal: Sendable, Hashable, Codable {
    /// The agent's name (`CMO`).
    public var agent: String
    /// What the agent says of itself.
    public var status: SignalStatus
    /// A free-text line the agent last reported.
    public var lastReport: String
    /// Its health figures.
    public var metrics: SignalMetrics
    /// What it is working on and what went wrong.
    public var context: SignalContext
    /// When the agent measured this.
    public var ts: Timestamp

    /// Creates a signal.
    public init(
        agent: String, status: SignalStatus, lastReport: String = "", metrics: SignalMetrics = .init(),
        context: SignalContext = .init(), ts: Timestamp
    ) {
        self.agent = agent
        self.status = status
        self.lastReport = lastReport
        self.metrics = metrics
        self.context = context
        self.ts = ts
    }

    /// Whether this signal reports a problem Steward should open or join an incident for: the
    /// agent says it is degraded or failing, names an error or a conflict, or its backlog is older
    /// than the SLO allows.
    public func reportsProblem(slo: SLOTargets) -> Bool {
        status != .healthy || context.errorCode != nil || context.conflictId != nil
            || metrics.backlogAgeMinutes > Double(slo.backlogMinutes)
    }
}

/// The status an agent reports.
public enum SignalStatus: String, Sendable, Hashable, Codable, CaseIterable {
    /// Working normally.
    case healthy
    /// Working, but below its targets.
    case degraded
    /// Failing.
    case error
}

/// The health figures of a signal; rates are fractions 0...1.
public struct SignalMetrics: Sendable, Hashable, Codable {
    /// The share of tasks that succeeded recently.
    public var successRate: Double
    /// How well its work matches the directives it was given.
    public var alignment: Double
    /// The age of the oldest waiting work, in minutes.
    public var backlogAgeMinutes: Double
    /// What it spends per hour, in US dollars.
    public var costBurnRatePerHour: Double

    /// Creates metrics; a healthy agent's by default.
    public init(successRate: Double = 1, alignment: Double = 1, backlogAgeMinutes: Double = 0, costBurnRatePerHour: Double = 0) {
        self.successRate = successRate
        self.alignment = alignment
        self.backlogAgeMinutes = backlogAgeMinutes
        self.costBurnRatePerHour = costBurnRatePerHour
    }
}

/// The error codes of seed 001 §2, with STALE_DATA, TEMP_NETWORK and AUTH_FAILED that its
/// classifier rules name.
public enum SignalErrorCode: String, Sendable, Hashable, Codable, CaseIterable {
    case timeout = "TIMEOUT"
    case rateLimit = "RATE_LIMIT"
    case inputMissing = "INPUT_MISSING"
    case configMissing = "CONFIG_MISSING"
    case staleData = "STALE_DATA"
    case tempNetwork = "TEMP_NETWORK"
    case authFailed = "AUTH_FAILED"
    case other = "OTHER"
}

/// What the agent is working on and what went wrong. Beyond seed 001 §2, an agent may report
/// `missingSecrets` and the three facts verification reads (`lastTaskSucceeded`, `inputsValid`,
/// `configHealthy`), since Steward cannot ask an agent that only pushes.
public struct SignalContext: Sendable, Hashable, Codable {
    /// The directive it works on.
    public var directiveId: String?
    /// A conflict it is part of.
    public var conflictId: String?
    /// What failed.
    public var errorCode: SignalErrorCode?
    /// Tasks waiting.
    public var queueDepth: Int
    /// The sources its current work reads.
    public var dependencies: [String]
    /// Required secrets it could not find.
    public var missingSecrets: [String]
    /// Whether its last task succeeded, when it says.
    public var lastTaskSucceeded: Bool?
    /// Whether its inputs validate, when it says.
    public var inputsValid: Bool?
    /// Whether its configuration is complete, when it says.
    public var configHealthy: Bool?

    /// Creates a context.
    public init(
        directiveId: String? = nil, conflictId: String? = nil, errorCode: SignalErrorCode? = nil, queueDepth: Int = 0,
        dependencies: [String] = [], missingSecrets: [String] = [], lastTaskSucceeded: Bool? = nil, inputsValid: Bool? = nil,
        configHealthy: Bool? = nil
    ) {
        self.directiveId = directiveId
        self.conflictId = conflictId
        self.errorCode = errorCode
        self.queueDepth = queueDepth
        self.dependencies = dependencies
        self.missingSecrets = missingSecrets
        self.lastTaskSucceeded = lastTaskSucceeded
        self.inputsValid = inputsValid
        self.configHealthy = configHealthy
    }
}
