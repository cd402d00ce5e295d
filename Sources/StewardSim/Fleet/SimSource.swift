/// A data source as the fleet sees it: it refreshes by itself on a period, and whenever Steward
/// refreshes it; it is stale once older than its freshness target.
struct SimSource: Sendable {
    /// Its name.
    let name: String
    /// Its freshness target in milliseconds; nil when it has none (then it is never stale).
    let targetMilliseconds: Int64?
    /// How often it refreshes by itself, in milliseconds.
    let periodMilliseconds: Int64
    /// When the simulation began.
    let start: Int64
    /// When Steward last refreshed it.
    var refreshedByStewardAt: Int64?

    /// When it was last refreshed at or before `t`.
    func lastRefresh(at t: Int64) -> Int64 {
        let natural = start + max(0, (t - start) / periodMilliseconds) * periodMilliseconds
        guard let steward = refreshedByStewardAt, steward <= t else { return natural }
        return max(natural, steward)
    }

    /// Whether it is older than its target at `t`.
    func isStale(at t: Int64) -> Bool {
        guard let target = targetMilliseconds else { return false }
        return t - lastRefresh(at: t) > target
    }

    /// Its next refresh by itself after `t`.
    func nextNaturalRefresh(after t: Int64) -> Int64 {
        start + (max(0, (t - start) / periodMilliseconds) + 1) * periodMilliseconds
    }
}
