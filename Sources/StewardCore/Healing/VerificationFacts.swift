public import StewardExpr

/// What a playbook's success criteria may read: the fresh signal after its steps, what the steps
/// answered, and four facts derived from both (seed 001 §6).
public struct VerificationFacts: Sendable, Hashable {
    /// The agent's first signal measured after the attempt's steps ran.
    public var signal: StatusSignal
    /// The agent's domain.
    public var domain: Domain
    /// What the agent steps' executors answered, by primitive (the last answer of each).
    public var responses: [Primitive: JSONValue]
    /// Agents other than this one whose recent signals claim its directive.
    public var otherClaimants: Int
    /// The remediation settings (SLOs and the `env.*` values).
    public var settings: RemediationSettings

    /// Creates facts.
    public init(signal: StatusSignal, domain: Domain, responses: [Primitive: JSONValue] = [:], otherClaimants: Int = 0, settings: RemediationSettings = .default) {
        self.signal = signal
        self.domain = domain
        self.responses = responses
        self.otherClaimants = otherClaimants
        self.settings = settings
    }

    /// The agent's word first, then the step that checks it, then the signal's own status.
    public var lastTaskSucceeded: Bool {
        signal.context.lastTaskSucceeded ?? responses[.retryLastTask]?["succeeded"]?.boolValue
            ?? (signal.status == .healthy && signal.context.errorCode == nil)
    }

    /// Inputs validate: the agent says so, or `validateInputs` did, or nothing reports missing or stale input.
    public var inputsValid: Bool {
        signal.context.inputsValid ?? responses[.validateInputs]?["valid"]?.boolValue
            ?? (signal.status != .error && signal.context.errorCode != .inputMissing && signal.context.errorCode != .staleData)
    }

    /// Configuration is complete: the agent says so, or nothing is missing by its signal and `checkSecrets`.
    public var configHealthy: Bool {
        if let said = signal.context.configHealthy { return said }
        if case .array(let missing)? = responses[.checkSecrets]?["missing"], !missing.isEmpty { return false }
        if responses[.checkSecrets]?["ok"]?.boolValue == false { return false }
        return signal.status != .error && signal.context.missingSecrets.isEmpty
            && signal.context.errorCode != .configMissing && signal.context.errorCode != .authFailed
    }

    /// No conflict id and no other agent claiming the directive.
    public var conflictCleared: Bool { signal.context.conflictId == nil && otherClaimants == 0 }

    /// The variables success criteria are checked against.
    public static let variables: [(name: String, type: ExprType)] = SignalVariables.declarations + [
        ("lastTaskSucceeded", .bool), ("inputsValid", .bool), ("configHealthy", .bool), ("conflictCleared", .bool),
        ("responses", .map(.string, .dyn)),
    ] + EnvironmentValues.declarations

    /// The environment success criteria compile against.
    public static let environment = ExprEnvironment(variables)

    /// The activation for these facts.
    public func activation() -> ExprActivation {
        var a = ExprActivation(Self.environment)
        SignalVariables.fill(&a, signal: signal, domain: domain, slo: settings.slo)
        _ = a.set("lastTaskSucceeded", .bool(lastTaskSucceeded))
        _ = a.set("inputsValid", .bool(inputsValid))
        _ = a.set("configHealthy", .bool(configHealthy))
        _ = a.set("conflictCleared", .bool(conflictCleared))
        var answered: [String: JSONValue] = [:]
        for (primitive, response) in responses { answered[primitive.rawValue] = response }
        _ = a.set("responses", ExprValue(JSONValue.object(answered)))
        EnvironmentValues.fill(&a, settings)
        return a
    }
}

/// The settings playbooks may name as `env.NAME`, under the environment variables of the seeds.
public enum EnvironmentValues {
    /// Declarations of `env.AUTOREM_*`.
    public static let declarations: [(name: String, type: ExprType)] = [
        ("env.AUTOREM_QUEUE_SLA_MIN", .int), ("env.AUTOREM_ROI_FLOOR", .double), ("env.AUTOREM_SLO_SUCCESS", .double),
        ("env.AUTOREM_SLO_ALIGN", .double), ("env.AUTOREM_SLO_BACKLOG_MIN", .int), ("env.AUTOREM_MAX_ATTEMPTS", .int),
    ]

    /// Every name a step argument can read (`roiFloorVar: env.AUTOREM_ROI_FLOOR`), the priority order included.
    public static let names: Set<String> = Set(declarations.map(\.name) + ["env.AUTOREM_PRIORITY"])

    /// The values by name, also for step arguments (`roiFloorVar: env.AUTOREM_ROI_FLOOR`).
    public static func values(_ s: RemediationSettings) -> [String: JSONValue] {
        [
            "env.AUTOREM_QUEUE_SLA_MIN": .int(Int64(s.queueSlaMinutes)), "env.AUTOREM_ROI_FLOOR": .double(s.roiFloor),
            "env.AUTOREM_SLO_SUCCESS": .double(s.slo.success), "env.AUTOREM_SLO_ALIGN": .double(s.slo.alignment),
            "env.AUTOREM_SLO_BACKLOG_MIN": .int(Int64(s.slo.backlogMinutes)), "env.AUTOREM_MAX_ATTEMPTS": .int(Int64(s.maxAttempts)),
            "env.AUTOREM_PRIORITY": .array(s.priority.map { .string($0.rawValue) }),
        ]
    }

    static func fill(_ a: inout ExprActivation, _ s: RemediationSettings) {
        for (name, value) in values(s) { _ = a.set(name, ExprValue(value)) }
    }
}
