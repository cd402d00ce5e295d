import Metrics
import StewardCore
import Synchronization

/// A periodic duty's lease as this replica holds it: renewed in the store only once half of it
/// has run, so a service ticking every second does not write its lease row on every tick. No other
/// replica can take a lease before it expires, so the renewals skipped change nothing.
final class LeaseHold: Sendable {
    let name: String
    let holder: String
    let store: any Store
    private let expiresAt = Mutex<Timestamp?>(nil)
    /// `steward_lease_held{lease}`: 1 while this replica holds the lease, so failovers can be watched.
    private let held: Gauge

    init(_ name: String, holder: String, store: any Store) {
        self.name = name
        self.holder = holder
        self.store = store
        held = Gauge(label: "steward_lease_held", dimensions: [("lease", name)])
    }

    /// Whether this replica holds the lease at `now`, renewing it for `ttlMilliseconds` when less
    /// than half of that is left (or it is not held).
    func hold(now: Timestamp, ttlMilliseconds: Int64) async -> Bool {
        if let until = expiresAt.withLock({ $0 }), until.milliseconds(since: now) > ttlMilliseconds / 2 { return true }
        let lease = try? await store.acquireLease(name: name, holder: holder, now: now, ttlMilliseconds: ttlMilliseconds)
        expiresAt.withLock { $0 = lease?.expiresAt }
        held.record(lease != nil ? 1 : 0)
        return lease != nil
    }

    /// Gives the lease up (at shutdown), so another replica takes the duty over at its next round
    /// instead of when the lease would have expired.
    func release() async {
        guard expiresAt.withLock({ $0 }) != nil else { return }
        try? await store.releaseLease(name: name, holder: holder)
        expiresAt.withLock { $0 = nil }
        held.record(0)
    }
}
