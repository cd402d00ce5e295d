/// Execution telemetry (seed 004): prices, which skills may report, baselines and anomaly detection.
public struct TelemetrySettings: Sendable, Hashable, Codable {
    /// Per provider and model: price per token and tier.
    public var pricing: [ModelPrice]
    /// Registered skills; empty means any skill may report.
    public var skills: [String]
    /// What happens to a record of a skill not in `skills` (when `skills` is not empty).
    public var unknownSkills: UnknownSkills
    /// A record may end at most this far after the server's clock.
    public var maxFutureSkewSeconds: Int
    /// How baselines are computed.
    public var baseline: BaselineSettings
    /// How anomalies are detected.
    public var anomaly: AnomalySettings
    /// Daily free-tier quotas per provider.
    public var quotas: [ProviderQuota]
    /// What an execution reporting an unregistered skill fingerprint leads to.
    public var fingerprintMismatch: FingerprintMismatchPolicy
    /// Routing strategies per skill and the bounds of autonomous routing changes.
    public var routing: RoutingSettings

    /// Accept and record them, or refuse them with a field error.
    public enum UnknownSkills: String, Sendable, Hashable, Codable, CaseIterable { case accept, refuse }

    /// Creates telemetry settings.
    public init(
        pricing: [ModelPrice] = ModelPrice.seedPrices, skills: [String] = [], unknownSkills: UnknownSkills = .accept, maxFutureSkewSeconds: Int = 300,
        baseline: BaselineSettings = .init(), anomaly: AnomalySettings = .init(), quotas: [ProviderQuota] = [],
        routing: RoutingSettings = .init(), fingerprintMismatch: FingerprintMismatchPolicy = .requireApproval
    ) {
        self.pricing = pricing
        self.skills = skills
        self.unknownSkills = unknownSkills
        self.maxFutureSkewSeconds = maxFutureSkewSeconds
        self.baseline = baseline
        self.anomaly = anomaly
        self.quotas = quotas
        self.routing = routing
        self.fingerprintMismatch = fingerprintMismatch
    }

    /// The defaults.
    public static let `default` = TelemetrySettings()

    /// The pricing as a lookup table.
    public var priceTable: PriceTable { PriceTable(pricing) }
}

/// Baselines: the period they cover, the sample they need, and how long the first one is frozen.
public struct BaselineSettings: Sendable, Hashable, Codable {
    /// The days of executions a baseline covers (seed 004: a week).
    public var windowDays: Int
    /// Fewer executions than this make a provisional baseline.
    public var minimumSample: Int
    /// The first baseline of a skill stays as it is for this many days (0: never frozen).
    public var freezeDays: Int

    public init(windowDays: Int = 7, minimumSample: Int = 100, freezeDays: Int = 14) {
        self.windowDays = windowDays
        self.minimumSample = minimumSample
        self.freezeDays = freezeDays
    }
}

/// Anomaly detection: the score threshold and the persistence rule (N of the last M executions).
public struct AnomalySettings: Sendable, Hashable, Codable {
    /// A composite score above this marks one execution anomalous (seed 004: 3.0).
    public var threshold: Double
    /// How many of the last `window` executions must be anomalous before it is reported.
    public var required: Int
    /// The number of recent executions looked at, 1 to 64.
    public var window: Int

    public init(threshold: Double = 3.0, required: Int = 3, window: Int = 10) {
        self.threshold = threshold
        self.required = required
        self.window = window
    }
}

extension ModelPrice {
    /// The prices of seed 004 §1b.4's example (OpenAI gpt-4 and gpt-3.5-turbo). Set
    /// `telemetry.pricing` to your vendors' current prices: a file's list replaces these.
    public static let seedPrices = [
        ModelPrice(provider: "openai", model: "gpt-4", inputPerToken: 0.00003, outputPerToken: 0.00006),
        ModelPrice(provider: "openai", model: "gpt-3.5-turbo", inputPerToken: 0.0005, outputPerToken: 0.0015),
    ]
}
