public import Logging
public import StewardCore

extension TenantRounds {
    /// Evaluates running experiments every `interval` on the replica holding the `experiments`
    /// lease: guardrails are checked on every round, and experiments past their duration get
    /// their verdict.
    public static func experiments(
        _ experiments: Experiments, store: any Store, clock: C, wallClock: any WallClock, interval: Duration = .seconds(60), holder: String,
        logger: Logger
    ) -> TenantRounds {
        TenantRounds(
            lease: "experiments", every: interval, leaseMilliseconds: 180_000, store: store, clock: clock, wallClock: wallClock, holder: holder,
            logger: logger
        ) { tenant, _ in
            let ended = try await experiments.evaluateRunning(tenant: tenant).filter { !$0.0.isRunning }
            guard !ended.isEmpty else { return }
            logger.info("experiments ended", metadata: ["tenant": "\(tenant)", "ended": "\(ended.map(\.0.id).joined(separator: ","))"])
        }
    }
}
