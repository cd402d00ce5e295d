public import Logging
public import StewardCore

extension TenantRounds {
    /// Sends each tenant's alert digest once a day at `notifications.digestHourUtc`, on the
    /// replica holding the `alert-digest` lease (checked every minute).
    public static func alertDigests(
        _ alerts: Alerts, store: any Store, clock: C, wallClock: any WallClock, holder: String, logger: Logger
    ) -> TenantRounds {
        TenantRounds(
            lease: "alert-digest", every: .seconds(60), leaseMilliseconds: 180_000, store: store, clock: clock, wallClock: wallClock, holder: holder,
            logger: logger, ready: { now in Int(now.milliseconds(since: now.startOfUTCDay) / 3_600_000) >= alerts.settings.digestHourUTC }
        ) { tenant, now in
            guard try await alerts.sendDigest(tenant: tenant, day: now.utcDay) else { return }
            logger.info("alert digest sent", metadata: ["tenant": "\(tenant)", "day": "\(now.utcDay)"])
        }
    }
}
