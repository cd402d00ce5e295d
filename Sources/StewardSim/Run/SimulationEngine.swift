import Logging
import StewardCore
import StewardEngine
import Synchronization

/// The real engine wired for a simulation: spine, remediation loop, breakers and their periodic
/// work, with seeded ids so the same run writes the same ledger.
struct SimulationEngine {
    let spine: ActionSpine
    let remediator: Remediator
    let governance: Governance
    let driver: FleetDriver
    let healer: HealingService<ContinuousClock>
    let governor: GovernanceService<ContinuousClock>
    let store: any Store
    static let tenant = Simulation.tenant

    init(configuration: StewardConfiguration, store: any Store, clock: any WallClock, seed: UInt64, logger: Logger) throws {
        let ids = SequentialIDs()
        spine = try SpineAssembly(
            store: store, configuration: configuration, revision: "simulation", clock: clock, logger: logger, client: nil,
            newID: { ids.next("act") }).spine
        let healing = try HealingAssembly(
            store: store, spine: spine, configuration: configuration, revision: "simulation", clock: clock, logger: logger, seed: seed,
            newID: { ids.next($0) })
        remediator = healing.remediator
        governance = try GovernanceAssembly(
            store: store, spine: spine, remediator: remediator, configuration: configuration, revision: "simulation", clock: clock,
            logger: logger).governance
        // The services' own loops are not run: the simulation calls their rounds on its clock.
        healer = HealingService(remediator: remediator, store: store, clock: ContinuousClock(), wallClock: clock, interval: .seconds(10), holder: "simulation", logger: logger)
        // Ticked once a simulated round (10 s) instead of every second: its lease lasts three rounds.
        governor = GovernanceService(
            governance: governance, store: store, clock: ContinuousClock(), wallClock: clock, holder: "simulation", logger: logger,
            leaseMilliseconds: 30_000)
        self.store = store
        driver = FleetDriver(spine: spine, remediator: remediator, intake: healing.intake, tenant: Self.tenant)
    }

    /// The periodic rounds: incidents due, breakers' timers, and (Tier 2) the rebalancer.
    func tick(round: Int64, rebalance: Bool) async {
        await healer.tick()
        await governor.tick(checkCycle: false)
        if rebalance && round % 3 == 0 { await healer.rebalance() }
    }
}

/// Ids numbered per prefix, so a run is reproducible.
final class SequentialIDs: Sendable {
    private let counters = Mutex<[String: Int]>([:])

    func next(_ prefix: String) -> String {
        counters.withLock { c in
            let n = (c[prefix] ?? 0) + 1
            c[prefix] = n
            return "\(prefix)_\(String(n, radix: 16).leftPadded(to: 16))"
        }
    }
}

extension String {
    func leftPadded(to width: Int) -> String { count >= width ? self : String(repeating: "0", count: width - count) + self }
}
