public import StewardCore

/// A source's row: when it was last refreshed and which incident is about it.
public struct SourceRow: Sendable, Hashable, Codable {
    /// The source's name.
    public var name: String
    /// When its data was last refreshed (`POST /v1/sources/{name}/refreshed` or a refetch step).
    public var lastRefreshedAt: Timestamp?
    /// When its data last passed validation.
    public var lastKnownGoodAt: Timestamp?
    /// Whether the last refresh reached it.
    public var reachable: Bool
    /// What the last failed refresh said.
    public var lastError: String?
    /// The open data-dependency incident about it; incidents it causes downstream are suppressed.
    public var incident: String?
    /// When the freshness sweep last asked for a refetch of it.
    public var refreshRequestedAt: Timestamp?
    /// When a refresh last failed to reach it.
    public var failedAt: Timestamp?

    /// A source never refreshed.
    public init(name: String) {
        self.name = name
        reachable = true
    }

    /// What a refresh or refetch did: fresh as of `at`, or unreachable with `error` (found at `now`).
    public mutating func record(refreshedAt at: Timestamp?, error: String?, now: Timestamp) {
        if let at {
            lastRefreshedAt = at
            lastKnownGoodAt = at
            reachable = true
            lastError = nil
        } else {
            reachable = false
            lastError = error
            failedAt = now
        }
    }

    /// How long a failed refresh is taken as the source's state: an incident within it degrades
    /// at once; after it, the incident's own playbook tries the refetch again (seed 000 §4).
    public static let failureMemoryMilliseconds: Int64 = 120_000

    /// Whether a refresh failed to reach it within ``failureMemoryMilliseconds`` of `now`.
    public func failedRecently(now: Timestamp) -> Bool {
        !reachable && (failedAt.map { now.milliseconds(since: $0) < Self.failureMemoryMilliseconds } ?? false)
    }

    /// Whether its data is older than its contract allows (never refreshed counts as stale).
    public func isStale(_ spec: SourceSpec?, now: Timestamp) -> Bool {
        guard let target = spec?.freshnessTargetMinutes else { return false }
        guard let at = lastRefreshedAt else { return true }
        // Configuration keeps targets within a year; a larger one never overflows into a crash.
        let (limit, overflow) = Int64(target).multipliedReportingOverflow(by: 60_000)
        return !overflow && now.milliseconds(since: at) > limit
    }
}
