public import Logging
public import ServiceLifecycle
public import StewardCore

/// Recomputes baselines on the replica holding the `baselines` lease: every ten minutes it checks
/// each tenant, and recomputes those whose baselines are a window old (weekly by default) or
/// missing for a skill that has records.
public struct BaselineService<C: Clock>: Service where C.Duration == Duration {
    let telemetry: Telemetry
    let store: any Store
    let clock: C
    let wallClock: any WallClock
    let holder: String
    let logger: Logger

    /// A service checking every ten minutes of `clock`.
    public init(telemetry: Telemetry, store: any Store, clock: C, wallClock: any WallClock, holder: String, logger: Logger) {
        self.telemetry = telemetry
        self.store = store
        self.clock = clock
        self.wallClock = wallClock
        self.holder = holder
        self.logger = logger
    }

    /// Runs until shutdown.
    public func run() async throws {
        await Rounds.every(.seconds(600), on: clock) { await tick() }
    }

    /// One round over every tenant.
    public func tick() async {
        let now = wallClock.now()
        guard (try? await store.acquireLease(name: "baselines", holder: holder, now: now, ttlMilliseconds: 900_000)) != nil,
              let tenants = try? await store.tenants().filter({ !$0.hasPrefix("_") }) else { return }
        for tenant in tenants {
            do {
                guard try await telemetry.baselinesDue(tenant: tenant) else { continue }
                let changes = try await telemetry.computeBaselines(tenant: tenant, actor: "steward")
                logger.info("baselines recomputed", metadata: [
                    "tenant": "\(tenant)", "computed": "\(changes.filter { $0.outcome == "computed" }.count)",
                    "frozen": "\(changes.filter { $0.outcome == "frozen" }.count)",
                ])
            } catch {
                logger.error("baseline recomputation failed", metadata: ["tenant": "\(tenant)", "error": "\(error)"])
            }
        }
    }
}
