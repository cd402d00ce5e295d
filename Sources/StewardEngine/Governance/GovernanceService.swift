public import Logging
public import ServiceLifecycle
public import StewardCore

/// Governance's periodic work on the replica holding the `governance` lease: open breakers whose
/// open period ended move to half-open every second, and the weekly cycle runs when due.
public struct GovernanceService<C: Clock>: Service where C.Duration == Duration {
    let governance: Governance
    let store: any Store
    let clock: C
    let wallClock: any WallClock
    let holder: String
    let logger: Logger
    let lease: LeaseHold
    let leaseMilliseconds: Int64

    /// A service ticking every second of `clock`, holding the `governance` lease for `leaseMilliseconds`
    /// (a caller ticking it less often, as the simulator does, holds it longer).
    public init(
        governance: Governance, store: any Store, clock: C, wallClock: any WallClock, holder: String, logger: Logger, leaseMilliseconds: Int64 = 5_000
    ) {
        self.governance = governance
        self.store = store
        self.clock = clock
        self.wallClock = wallClock
        self.holder = holder
        self.logger = logger
        self.leaseMilliseconds = leaseMilliseconds
        lease = LeaseHold("governance", holder: holder, store: store)
    }

    /// Runs until shutdown.
    public func run() async throws {
        var round = 0
        await Rounds.every(.seconds(1), on: clock) {
            await tick(checkCycle: round % 60 == 0)
            round += 1
        }
        await lease.release()
    }

    /// One round: breaker timers, and (when asked) the weekly cycle of each tenant that is due.
    public func tick(checkCycle: Bool) async {
        let now = wallClock.now()
        guard await lease.hold(now: now, ttlMilliseconds: leaseMilliseconds),
              let tenants = try? await store.tenants().filter({ !$0.hasPrefix("_") }) else { return }
        await governance.breakers.tick(tenants: tenants)
        guard checkCycle else { return }
        for tenant in tenants {
            do {
                if try await governance.cycleDue(tenant: tenant, now: now) {
                    let (report, proposal) = try await governance.runCycle(tenant: tenant, actor: "steward")
                    logger.info("governance cycle ran", metadata: [
                        "tenant": "\(tenant)", "report": "\(report.id)", "ready": "\(report.readiness.overall.ready)",
                        "proposal": "\(proposal?.proposalId ?? "none")",
                    ])
                }
            } catch {
                logger.error("governance cycle failed", metadata: ["tenant": "\(tenant)", "error": "\(error)"])
            }
        }
    }
}
