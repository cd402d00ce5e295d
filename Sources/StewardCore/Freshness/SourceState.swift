/// What Steward last observed about a data source: when it was refreshed, when its data last
/// passed validation, and whether it answers.
public struct SourceState: Sendable, Hashable, Codable {
    /// The source's name, as in ``SourceSpec/name``.
    public var name: String
    /// When its data was last refreshed; nil when it never was.
    public var lastRefreshedAt: Timestamp?
    /// When its data last passed validation, the data `UseLastKnownGood` falls back on.
    public var lastKnownGoodAt: Timestamp?
    /// Whether the source answered the last time it was asked.
    public var reachable: Bool
    /// The last error it gave, for explanations.
    public var lastError: String?

    /// Creates a source state.
    public init(
        name: String, lastRefreshedAt: Timestamp? = nil, lastKnownGoodAt: Timestamp? = nil, reachable: Bool = true,
        lastError: String? = nil
    ) {
        self.name = name
        self.lastRefreshedAt = lastRefreshedAt
        self.lastKnownGoodAt = lastKnownGoodAt
        self.reachable = reachable
        self.lastError = lastError
    }
}
