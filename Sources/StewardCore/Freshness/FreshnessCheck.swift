/// Whether a source meets its freshness contract right now (requirement 000 §4).
public struct FreshnessCheck: Sendable, Hashable, Codable {
    /// The source's name.
    public var source: String
    /// How long ago it was refreshed, in minutes; nil when it never was.
    public var ageMinutes: Double?
    /// Its freshness target in minutes; nil when it has no contract.
    public var targetMinutes: Int?
    /// The verdict.
    public var status: Status

    /// The four verdicts of a freshness check.
    public enum Status: String, Sendable, Hashable, Codable, CaseIterable {
        /// Refreshed no longer ago than the target.
        case fresh
        /// Refreshed longer ago than the target.
        case stale
        /// Under a contract but never refreshed, so its age cannot be known.
        case unknown
        /// No target: any age is acceptable.
        case uncontracted
    }

    /// Creates a check.
    public init(source: String, ageMinutes: Double?, targetMinutes: Int?, status: Status) {
        self.source = source
        self.ageMinutes = ageMinutes
        self.targetMinutes = targetMinutes
        self.status = status
    }

    /// Whether the contract is broken: stale, or never refreshed although a target applies.
    public var isStale: Bool {
        switch status {
        case .stale: true
        case .unknown: targetMinutes != nil
        case .fresh, .uncontracted: false
        }
    }

    /// The verdict in a sentence, e.g. `MarketIntel is stale: refreshed 1h 35m ago, over its 60 min target`.
    public var explanation: String {
        let age = ageMinutes.map { minutes in
            guard status == .stale, let target = targetMinutes, minutes.isFinite, abs(minutes) < 1e12 else { return "refreshed \(AgeText.minutes(minutes)) ago" }
            return "refreshed \(AgeText.milliseconds(Int64((minutes * 60_000).rounded()), pastLimit: Int64(target) * 60_000)) ago"
        }
        let target = targetMinutes.map { "its \($0) min target" } ?? "a target"
        switch status {
        case .fresh: return "\(source) is fresh: \(age ?? "refreshed"), within \(target)"
        case .stale: return "\(source) is stale: \(age ?? "refreshed"), over \(target)"
        case .unknown: return "\(source) has never been refreshed, so it cannot be shown to meet \(target)"
        case .uncontracted: return "\(source) has no freshness target" + (age.map { " (\($0))" } ?? "")
        }
    }
}
