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

    /// A service ticking every second of `clock`.
    public init(governance: Governance, store: any Store, clock: C, wallClock: any WallClock, holder: String, logger: Logger) {
        self.governance = governance
        self.store = store
        self.clock = clock
        self.wallClock = wallClock
        self.holder = holder
        self.logger = logger
    }

    /// Runs until shutdown.
    public func run() async throws {
        var round = 0
        await Rounds.every(.seconds(1), on: clock) {
            await tick(checkCycle: round % 60 == 0)
            round += 1
        }
    }

    /// One round: breaker timers, and (when asked) the weekly cycle of each tenant that is due.
    public func tick(checkCycle: Bool) async {
        let now = wallClock.now()
        guard (try? await store.acquireLease(name: "governance", holder: holder, now: now, ttlMilliseconds: 5_000)) != nil,
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
