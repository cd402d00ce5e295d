/// The tenant's autonomy level over time, from its ledger: how long it ran at a level (seed 002's
/// "6+ months running at L3"). A level change (`autonomy.level_changed`, by a proposal or a
/// breaker) and a mode change (`autonomy.mode_changed`, read as that mode's level) each move it.
public struct LevelTimeline: Sendable, Hashable {
    /// One change: when, and the level after it.
    public struct Change: Sendable, Hashable {
        public var at: Timestamp
        public var to: AutonomyLevel

        public init(at: Timestamp, to: AutonomyLevel) {
            self.at = at
            self.to = to
        }
    }

    /// The level before the first change.
    public var initial: AutonomyLevel
    /// The changes, in ledger order.
    public var changes: [Change]

    public init(initial: AutonomyLevel, changes: [Change]) {
        self.initial = initial
        self.changes = changes
    }

    /// The change one ledger entry makes, if it is one: its `to` as a level, or a mode's level.
    /// The `from` of the first gives the level before it.
    public static func change(kind: String, payload: JSONValue, at: Timestamp) -> (from: AutonomyLevel?, change: Change)? {
        func level(_ key: String) -> AutonomyLevel? {
            guard let text = payload[key]?.stringValue else { return nil }
            if kind == "autonomy.mode_changed" { return AutonomyMode(rawValue: text).map(AutonomyLevel.init(mode:)) }
            return AutonomyLevel(rawValue: text)
        }
        guard kind == "autonomy.level_changed" || kind == "autonomy.mode_changed", let to = level("to") else { return nil }
        return (level("from"), Change(at: at, to: to))
    }

    /// Milliseconds spent at one of `levels` within [from, to).
    public func milliseconds(at levels: Set<AutonomyLevel>, from: Timestamp, to: Timestamp) -> Int64 {
        var total: Int64 = 0
        var level = initial
        var since = from
        for change in changes {
            guard change.at > from else {
                level = change.to  // changed before the window: the level it starts at
                continue
            }
            guard change.at < to else { break }
            if levels.contains(level) { total += change.at.milliseconds(since: since) }
            level = change.to
            since = change.at
        }
        if levels.contains(level), to > since { total += to.milliseconds(since: since) }
        return total
    }
}
