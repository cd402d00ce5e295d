public import Logging
public import ServiceLifecycle
public import StewardCore

/// The remediation loop's periodic work, on the replica holding the `healing` lease: advance
/// incidents whose timers came due (retry backoffs, verify timeouts), pick up steps whose
/// actions settled while no event reached this process, resume incidents a stopped replica
/// left mid-playbook, start held incidents once the kill switch is released, and release suppressed
/// incidents whose source's incident closed. Time comes from the injected clock.
public struct HealingService<C: Clock>: Service where C.Duration == Duration {
    let remediator: Remediator
    let store: any Store
    let clock: C
    let wallClock: any WallClock
    let interval: Duration
    let holder: String
    let logger: Logger
    let lease: LeaseHold

    /// A service running a round every `interval` of `clock`.
    public init(remediator: Remediator, store: any Store, clock: C, wallClock: any WallClock, interval: Duration = .milliseconds(500), holder: String, logger: Logger) {
        self.remediator = remediator
        self.store = store
        self.clock = clock
        self.wallClock = wallClock
        self.interval = interval
        self.holder = holder
        self.logger = logger
        lease = LeaseHold("healing", holder: holder, store: store)
    }

    /// Runs until shutdown; the fleet is rebalanced every `rebalanceEvery` rounds.
    public func run() async throws {
        var round = 0
        let rebalanceEvery = max(1, Int(Duration.seconds(30) / interval))
        await Rounds.every(interval, on: clock) {
            await tick()
            round += 1
            if round % rebalanceEvery == 0 { await rebalance() }
        }
        await lease.release()
    }

    /// How long the `healing` lease lasts: three rounds, at least 5 s.
    var leaseMilliseconds: Int64 { max(Int64(interval.components.seconds) * 3_000, 5_000) }

    /// Rebalances every tenant's fleet, on the replica holding the lease.
    public func rebalance() async {
        guard await lease.hold(now: wallClock.now(), ttlMilliseconds: leaseMilliseconds) else { return }
        do {
            for tenant in try await store.tenants() {
                if let moved = try await remediator.rebalanceFleet(tenant: tenant) {
                    logger.info("fleet rebalanced", metadata: ["tenant": "\(tenant)", "moved": "\(moved)"])
                }
            }
        } catch {
            logger.error("rebalance failed", metadata: ["error": "\(error)"])
        }
    }

    /// One round over every tenant's active incidents; returns how many were looked at.
    @discardableResult
    public func tick() async -> Int {
        guard await lease.hold(now: wallClock.now(), ttlMilliseconds: leaseMilliseconds) else { return 0 }
        var seen = 0
        do {
            for tenant in try await store.tenants() {
                for status in [IncidentStatus.remediating, .awaitingApproval, .verifying] {
                    var after: String?
                    repeat {
                        let page = try await remediator.incidents(tenant: tenant, status: status, agent: nil, after: after, limit: 200)
                        for incident in page.items {
                            await remediator.advance(incident.id, tenant: tenant)
                            seen += 1
                        }
                        after = page.nextCursor
                    } while after != nil
                }
                await remediator.resumeHeld(tenant: tenant)
                await remediator.releaseSuppressed(tenant: tenant)
                await remediator.sweepSources(tenant: tenant)
                await remediator.liftEndedThrottles(tenant: tenant)
            }
        } catch {
            logger.error("healing round failed", metadata: ["error": "\(error)"])
        }
        return seen
    }
}
