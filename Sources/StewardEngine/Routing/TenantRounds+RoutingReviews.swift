public import Logging
public import StewardCore

extension TenantRounds {
    /// Runs the routing review on the replica holding the `routing` lease: every ten minutes it
    /// checks each tenant and reviews those whose last review (or first sighting) is
    /// `reviewIntervalHours` old (a week by default).
    public static func routingReviews(
        routing: Routing, store: any Store, clock: C, wallClock: any WallClock, holder: String, logger: Logger
    ) -> TenantRounds {
        TenantRounds(
            lease: "routing", every: .seconds(600), leaseMilliseconds: 900_000, store: store, clock: clock, wallClock: wallClock, holder: holder,
            logger: logger
        ) { tenant, _ in
            guard let outcomes = try await routing.scheduledReview(tenant: tenant) else { return }
            logger.info("scheduled routing review", metadata: ["tenant": "\(tenant)", "skills": "\(outcomes.count)"])
        }
    }
}
