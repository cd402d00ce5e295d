public import Logging
public import ServiceLifecycle
public import StewardCore

/// Periodic work over every tenant, run on the one replica holding the work's lease: baselines,
/// routing reviews, experiment evaluations, alert digests. Each is a `TenantRounds` made by its
/// own factory (`.baselines`, `.routingReviews`, `.experiments`, `.alertDigests`).
public struct TenantRounds<C: Clock>: Service where C.Duration == Duration {
    /// The lease (and the name in logs).
    public let lease: String
    let interval: Duration
    let leaseMilliseconds: Int64
    let store: any Store
    let clock: C
    let wallClock: any WallClock
    let holder: String
    let logger: Logger
    /// Whether a round may run at this moment at all (a digest waits for its hour).
    let ready: @Sendable (Timestamp) -> Bool
    /// Whether the round at start runs without the lease (``run()``).
    let firstRoundUnleased: Bool
    let hold: LeaseHold
    /// One tenant's share of a round.
    let work: @Sendable (_ tenant: String, _ now: Timestamp) async throws -> Void

    /// Rounds every `interval` of `clock`, holding `lease` for `leaseMilliseconds`.
    public init(
        lease: String, every interval: Duration, leaseMilliseconds: Int64, store: any Store, clock: C, wallClock: any WallClock, holder: String,
        logger: Logger, ready: @escaping @Sendable (Timestamp) -> Bool = { _ in true }, firstRoundUnleased: Bool = false,
        work: @escaping @Sendable (_ tenant: String, _ now: Timestamp) async throws -> Void
    ) {
        self.firstRoundUnleased = firstRoundUnleased
        self.lease = lease
        self.interval = interval
        self.leaseMilliseconds = leaseMilliseconds
        self.store = store
        self.clock = clock
        self.wallClock = wallClock
        self.holder = holder
        self.logger = logger
        self.ready = ready
        self.work = work
        hold = LeaseHold(lease, holder: holder, store: store)
    }

    /// Runs until shutdown. With `firstRoundUnleased`, the round at start runs whoever holds the
    /// lease: for read-only work whose result each replica reports itself (the ledger audit's
    /// gauge), which must not wait hours for a lease a killed process still holds.
    public func run() async throws {
        var first = firstRoundUnleased
        await Rounds.every(interval, on: clock) {
            await tick(leased: !first)
            first = false
        }
        await hold.release()
    }

    /// One round over every tenant (internal tenants, named `_...`, are skipped); `leased: false`
    /// runs it without holding the lease.
    public func tick(leased: Bool = true) async {
        let now = wallClock.now()
        guard ready(now) else { return }
        if leased {
            guard await hold.hold(now: now, ttlMilliseconds: leaseMilliseconds) else { return }
        }
        guard let tenants = try? await store.tenants().filter({ !$0.hasPrefix("_") }) else { return }
        for tenant in tenants {
            do {
                try await work(tenant, now)
            } catch {
                logger.error("periodic round failed", metadata: ["lease": "\(lease)", "tenant": "\(tenant)", "error": "\(error)"])
            }
        }
    }
}
