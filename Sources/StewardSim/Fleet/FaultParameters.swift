/// How often a kind of fault strikes and how it behaves once it has (docs/simulation.md lists
/// every parameter with its default).
public struct FaultParameters: Sendable, Hashable, Codable {
    /// Faults of this kind per agent per hour (a Poisson process per agent).
    public var rate: Double
    /// Seconds from the first true fix until the agent reports healthy again.
    public var recoverySeconds: Double
    /// The chance that a fault clears by itself, without any fix.
    public var selfClearProbability: Double
    /// The mean time, in seconds, after which a self-clearing fault clears (exponentially distributed).
    public var selfClearSeconds: Double
    /// The share of faults whose signals report an error code pointing at a wrong class.
    public var misleadingShare: Double
    /// The share of faults the true fix can fix at all (`config_missing`: the share a schema migration repairs).
    public var fixableShare: Double
    /// For `flapping`: seconds of failure, then as many of health, alternating.
    public var periodSeconds: Double

    /// Creates parameters.
    public init(
        rate: Double, recoverySeconds: Double = 10, selfClearProbability: Double = 0, selfClearSeconds: Double = 300,
        misleadingShare: Double = 0, fixableShare: Double = 1, periodSeconds: Double = 150
    ) {
        self.rate = rate
        self.recoverySeconds = recoverySeconds
        self.selfClearProbability = selfClearProbability
        self.selfClearSeconds = selfClearSeconds
        self.misleadingShare = misleadingShare
        self.fixableShare = fixableShare
        self.periodSeconds = periodSeconds
    }

    /// The defaults of a kind: those of `examples/scenarios/standard.yaml`, 0.15 faults per agent per hour nominal, about 0.12 realised.
    public static func defaults(for kind: FaultKind) -> FaultParameters {
        switch kind {
        case .timeout: FaultParameters(rate: 0.03, recoverySeconds: 10, selfClearProbability: 0.2, selfClearSeconds: 240)
        case .rateLimit: FaultParameters(rate: 0.018, recoverySeconds: 15, selfClearProbability: 0.3, selfClearSeconds: 180)
        case .tempNetwork: FaultParameters(rate: 0.018, recoverySeconds: 10, selfClearProbability: 0.3, selfClearSeconds: 120)
        case .staleInput: FaultParameters(rate: 0.035, recoverySeconds: 20)
        case .missingInput: FaultParameters(rate: 0.009, recoverySeconds: 20)
        case .missingSecret: FaultParameters(rate: 0.0006)
        case .configMissing: FaultParameters(rate: 0.0035, recoverySeconds: 30, fixableShare: 0.85)
        case .directiveConflict: FaultParameters(rate: 0.012, recoverySeconds: 20)
        case .backlogSurge: FaultParameters(rate: 0.017, recoverySeconds: 30)
        case .unfixable: FaultParameters(rate: 0.0005)
        case .flapping: FaultParameters(rate: 0.0045, recoverySeconds: 10, selfClearProbability: 0.5, selfClearSeconds: 900, periodSeconds: 150)
        case .slowRecovery: FaultParameters(rate: 0.0045, recoverySeconds: 90)
        }
    }

    /// Every kind's defaults.
    public static let defaults: [FaultKind: FaultParameters] = Dictionary(
        uniqueKeysWithValues: FaultKind.allCases.map { ($0, defaults(for: $0)) })
}
