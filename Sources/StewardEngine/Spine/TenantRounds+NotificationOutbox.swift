public import Logging
public import StewardCore

extension TenantRounds {
    /// Tries queued notifications again (``NotificationOutbox``) every 15 s, on the replica holding
    /// the `notifications` lease.
    public static func notificationOutbox(
        _ spine: ActionSpine, store: any Store, clock: C, wallClock: any WallClock, holder: String, logger: Logger
    ) -> TenantRounds {
        TenantRounds(
            lease: "notifications", every: .seconds(15), leaseMilliseconds: 45_000, store: store, clock: clock, wallClock: wallClock,
            holder: holder, logger: logger
        ) { tenant, _ in
            try await spine.alerts.retryQueued(tenant: tenant)
        }
    }
}
