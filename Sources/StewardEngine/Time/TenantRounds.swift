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
    let hold: LeaseHold
    /// One tenant's share of a round.
    let work: @Sendable (_ tenant: String, _ now: Timestamp) async throws -> Void

    /// Rounds every `interval` of `clock`, holding `lease` for `leaseMilliseconds`.
    public init(
        lease: String, every interval: Duration, leaseMilliseconds: Int64, store: any Store, clock: C, wallClock: any WallClock, holder: String,
        logger: Logger, ready: @escaping @Sendable (Timestamp) -> Bool = { _ in true },
        work: @escaping @Sendable (_ tenant: String, _ now: Timestamp) async throws -> Void
    ) {
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

    /// Runs until shutdown.
    public func run() async throws {
        await Rounds.every(interval, on: clock) { await tick() }
        await hold.release()
    }

    /// One round over every tenant (internal tenants, named `_...`, are skipped).
    public func tick() async {
        let now = wallClock.now()
        guard ready(now),
              await hold.hold(now: now, ttlMilliseconds: leaseMilliseconds),
              let tenants = try? await store.tenants().filter({ !$0.hasPrefix("_") }) else { return }
        for tenant in tenants {
            do {
                try await work(tenant, now)
            } catch {
                logger.error("periodic round failed", metadata: ["lease": "\(lease)", "tenant": "\(tenant)", "error": "\(error)"])
            }
        }
    }
}
