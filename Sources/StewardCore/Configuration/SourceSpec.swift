/// A data source with its freshness contract (requirement 000 §4).
///
/// Before retrying an agent that depends on a stale source, Steward refreshes it, then tries the
/// fallback source, then degrades as `degradeMode` says.
public struct SourceSpec: Sendable, Hashable, Codable {
    /// The name agents list in `dependencies` and signals list in `context.dependencies`.
    public var name: String
    /// How old the data may be before it counts as stale; nil when the source has no contract.
    public var freshnessTargetMinutes: Int?
    /// The source to read instead when this one cannot be refreshed.
    public var fallback: String?
    /// What to do when neither a refresh nor the fallback helps.
    public var degradeMode: DegradeMode

    /// Creates a source.
    public init(
        name: String, freshnessTargetMinutes: Int? = nil, fallback: String? = nil,
        degradeMode: DegradeMode = .default
    ) {
        self.name = name
        self.freshnessTargetMinutes = freshnessTargetMinutes
        self.fallback = fallback
        self.degradeMode = degradeMode
    }

    /// The freshness targets of requirement 000 (`FRESHNESS_MARKET_INTEL=60`, ...), in minutes.
    ///
    /// A declared source with one of these names and no target of its own gets this one.
    public static let seedFreshnessTargets: [String: Int] = [
        "MarketIntel": 60,
        "ContentBriefs": 1440,
        "SalesPipeline": 30,
    ]

    /// The sources declared when steward.yaml has no `sources` section: those of requirement 000.
    public static let seedSources: [SourceSpec] = ["MarketIntel", "ContentBriefs", "SalesPipeline"].map {
        SourceSpec(name: $0, freshnessTargetMinutes: seedFreshnessTargets[$0])
    }
}
