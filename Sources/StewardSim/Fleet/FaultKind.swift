public import StewardCore

/// The kinds of fault the simulated fleet injects, each with the class a perfect classifier
/// would give it and the primitives that truly fix it (docs/simulation.md, "The fault model").
public enum FaultKind: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    /// A task ran out of time (`TIMEOUT`).
    case timeout
    /// An upstream API refused for quota (`RATE_LIMIT`).
    case rateLimit = "rate_limit"
    /// A connection dropped (`TEMP_NETWORK`).
    case tempNetwork = "temp_network"
    /// The agent read a source past its freshness target (`STALE_DATA`); only when the source is stale.
    case staleInput = "stale_input"
    /// An input never arrived (`INPUT_MISSING`).
    case missingInput = "missing_input"
    /// A required secret is absent; only a person can add it.
    case missingSecret = "missing_secret"
    /// A configuration key is absent (`CONFIG_MISSING`); a schema migration adds it only sometimes.
    case configMissing = "config_missing"
    /// Two agents claim one directive.
    case directiveConflict = "directive_conflict"
    /// Work piles up faster than the agent's slots drain it.
    case backlogSurge = "backlog_surge"
    /// A failure of no class that nothing Steward does fixes (`OTHER`).
    case unfixable
    /// A network fault that comes and goes on a period until the agent is restarted.
    case flapping
    /// A wedged process that only a restart fixes, and slowly.
    case slowRecovery = "slow_recovery"

    /// The name written in scenario files and reports.
    public var description: String { rawValue }

    /// The class a perfect classifier would give it; nil for faults of no class.
    public var trueClass: Classification? {
        switch self {
        case .timeout, .rateLimit, .tempNetwork, .flapping, .slowRecovery: .transient
        case .staleInput, .missingInput: .dataDependency
        case .missingSecret, .configMissing: .config
        case .directiveConflict: .conflict
        case .backlogSurge: .capacity
        case .unfixable: nil
        }
    }

    /// The primitives that fix it; a `config_missing` the migration cannot fix has none (see ``FaultParameters/fixableShare``).
    public var trueFix: Set<Primitive> {
        switch self {
        case .timeout, .tempNetwork: [.retryLastTask, .restartAgent]
        case .rateLimit: [.retryLastTask, .throttleAgent]
        case .staleInput: [.refreshCache, .refetchSource, .refreshIfStale]
        case .missingInput: [.refetchSource]
        case .configMissing: [.schemaMigrateIfNeeded]
        case .directiveConflict: [.reassignOverlaps, .throttleAgent, .applyPriorityRules]
        case .backlogSurge: [.reallocateSlots, .splitDirective]
        case .flapping, .slowRecovery: [.restartAgent]
        case .missingSecret, .unfixable: []
        }
    }

    /// The status its signals report: `error` when the agent's work stops, `degraded` when it slows.
    var status: SignalStatus {
        switch self {
        case .rateLimit, .staleInput, .directiveConflict, .backlogSurge: .degraded
        case .timeout, .tempNetwork, .missingInput, .missingSecret, .configMissing, .unfixable, .flapping, .slowRecovery: .error
        }
    }

    /// The error code its signals report when they tell the truth.
    var errorCode: SignalErrorCode? {
        switch self {
        case .timeout, .slowRecovery: .timeout
        case .rateLimit: .rateLimit
        case .tempNetwork, .flapping: .tempNetwork
        case .staleInput: .staleData
        case .missingInput: .inputMissing
        case .missingSecret: .authFailed
        case .configMissing: .configMissing
        case .directiveConflict, .backlogSurge: nil
        case .unfixable: .other
        }
    }

    /// The error code a misleading signal reports instead: one that points at another class.
    var misleadingErrorCode: SignalErrorCode {
        switch trueClass {
        case .transient?: .staleData
        default: .timeout
        }
    }

    /// What its signals say in `lastReport`.
    var report: String {
        switch self {
        case .timeout: "task timed out"
        case .rateLimit: "upstream rate limit reached"
        case .tempNetwork: "connection reset by peer"
        case .staleInput: "input data is older than its freshness target"
        case .missingInput: "expected input did not arrive"
        case .missingSecret: "authentication failed: a required secret is not set"
        case .configMissing: "a required configuration key is missing"
        case .directiveConflict: "another agent is working the same directive"
        case .backlogSurge: "queue is growing faster than it drains"
        case .unfixable: "unexpected failure"
        case .flapping: "connection reset by peer (intermittent)"
        case .slowRecovery: "task timed out; worker unresponsive"
        }
    }
}
