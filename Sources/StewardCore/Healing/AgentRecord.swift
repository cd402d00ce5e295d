/// An agent's state row: what Steward knows of it from its signals and its incidents.
public struct AgentRecord: Sendable, Hashable, Codable {
    /// Its name.
    public var name: String
    /// Its tenant.
    public var tenant: String
    /// Its business domain (declared, or `Operations` when it registered itself).
    public var domain: Domain
    /// The dashboard state.
    public var state: AgentHealth
    /// Whether it was registered by its first signal rather than declared in steward.yaml.
    public var autoRegistered: Bool
    /// The newest signal applied (an older one arriving late is recorded but not applied).
    public var lastSignal: StatusSignal?
    /// When Steward received that signal.
    public var lastSeenAt: Timestamp?
    /// Healthy signals in a row, the current one included.
    public var healthyStreak: Int
    /// Healthy signals in a row before the current one (what "a healthy history" reads).
    public var healthyStreakBefore: Int
    /// When its recent problem signals were measured, newest last (at most 32, within 15 minutes).
    public var recentFailures: [Timestamp]
    /// The open incident, if any.
    public var incident: String?
    /// Signals received in all.
    public var signals: Int

    /// A new agent that has sent nothing yet.
    public init(name: String, tenant: String, domain: Domain, autoRegistered: Bool) {
        self.name = name
        self.tenant = tenant
        self.domain = domain
        state = .healthy
        self.autoRegistered = autoRegistered
        lastSignal = nil
        lastSeenAt = nil
        healthyStreak = 0
        healthyStreakBefore = 0
        recentFailures = []
        incident = nil
        signals = 0
    }

    /// How long a failure counts as recent, for "a single failure with a healthy history".
    public static let recentWindowMilliseconds: Int64 = 15 * 60_000

    /// Applies a newer signal's history; returns false (changing nothing) for an older one.
    public mutating func observe(_ signal: StatusSignal, problem: Bool, receivedAt: Timestamp) -> Bool {
        signals += 1
        // Older than the newest, or that very report sent again (a retried request): no news.
        if let last = lastSignal, signal.ts < last.ts || signal == last { return false }
        let cutoff = signal.ts.adding(milliseconds: -Self.recentWindowMilliseconds)
        recentFailures.removeAll { $0 < cutoff }
        if problem {
            recentFailures.append(signal.ts)
            if recentFailures.count > 32 { recentFailures.removeFirst(recentFailures.count - 32) }
        }
        lastSignal = signal
        lastSeenAt = receivedAt
        return true
    }

    /// Moves the healthy streak after classification has read it.
    public mutating func countStreak(problem: Bool) {
        healthyStreakBefore = healthyStreak
        healthyStreak = problem ? 0 : healthyStreak + 1
    }
}
