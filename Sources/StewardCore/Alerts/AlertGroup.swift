/// The paging state of one alert group: when it last paged and how many repeats were folded
/// since. A pure state machine: ``decide(_:silencedBy:intervalMilliseconds:)`` returns what to do
/// and the next state; the engine records both and sends the page.
public struct AlertGroup: Sendable, Hashable, Codable {
    /// The group key (tenant|rule|skill-or-provider).
    public var key: String
    /// When it last paged.
    public var lastPagedAt: Timestamp?
    /// Alerts folded (not paged) since the last page.
    public var foldedSincePage: Int
    /// Alerts of the group ever raised.
    public var total: Int
    /// When the newest was raised.
    public var lastAt: Timestamp?
    /// When its cause last ended after a page ("resolved" was sent); nil while it never did.
    public var resolvedAt: Timestamp?

    /// A group that has seen nothing.
    public init(key: String) {
        self.key = key
        foldedSincePage = 0
        total = 0
    }

    /// What became of one alert.
    public enum Outcome: String, Sendable, Hashable, Codable, CaseIterable {
        /// Sent to the webhook now.
        case paged
        /// A repeat inside the interval: counted, and folded into the next page and the digest.
        case folded
        /// A silence matched: recorded, not paged.
        case silenced
        /// A firing alert of a broader cause explains it (Alertmanager's inhibition): recorded, not paged.
        case inhibited
        /// The rule goes to the daily digest only.
        case digest
        /// Not an occurrence: the end of a paged group's cause (`alert.resolved`).
        case resolved
    }

    /// The decision for `alert`: its outcome, the repeats a page carries, and the next state.
    public func decide(_ alert: Alert, silencedBy silence: Silence?, intervalMilliseconds: Int64) -> (outcome: Outcome, repeats: Int, next: AlertGroup) {
        var next = self
        next.total += 1
        next.lastAt = alert.at
        if silence != nil { return (.silenced, 0, next) }
        if alert.inhibitedBy != nil { return (.inhibited, 0, next) }
        if alert.rule.delivery == .digest { return (.digest, 0, next) }
        // A cause that ended and came back is news: it pages at once.
        if let last = lastPagedAt, !isResolved, alert.at.milliseconds(since: last) < intervalMilliseconds {
            next.foldedSincePage += 1
            return (.folded, 0, next)
        }
        next.lastPagedAt = alert.at
        next.foldedSincePage = 0
        return (.paged, foldedSincePage, next)
    }

    /// Whether its cause ended after its last page.
    public var isResolved: Bool { resolvedAt.map { at in lastPagedAt.map { at >= $0 } ?? true } ?? false }

    /// The group once its cause ended at `at`, or nil when there is nothing to tell: it never
    /// paged, or its end was told already.
    public func resolving(at: Timestamp) -> AlertGroup? {
        guard lastPagedAt != nil, !isResolved else { return nil }
        var next = self
        next.resolvedAt = at
        return next
    }
}
