public import Logging
public import StewardCore

extension TenantRounds {
    /// Recomputes baselines on the replica holding the `baselines` lease: every ten minutes it
    /// checks each tenant, and recomputes those whose baselines are a window old (weekly by
    /// default) or missing for a skill that has records.
    public static func baselines(
        telemetry: Telemetry, store: any Store, clock: C, wallClock: any WallClock, holder: String, logger: Logger
    ) -> TenantRounds {
        TenantRounds(
            lease: "baselines", every: .seconds(600), leaseMilliseconds: 900_000, store: store, clock: clock, wallClock: wallClock, holder: holder,
            logger: logger
        ) { tenant, _ in
            guard try await telemetry.baselinesDue(tenant: tenant) else { return }
            let changes = try await telemetry.computeBaselines(tenant: tenant, actor: "steward")
            logger.info("baselines recomputed", metadata: [
                "tenant": "\(tenant)", "computed": "\(changes.filter { $0.outcome == "computed" }.count)",
                "frozen": "\(changes.filter { $0.outcome == "frozen" }.count)",
            ])
        }
    }
}
