public import Logging
public import StewardCore

extension TenantRounds {
    /// Resolves paged quota alerts once their cause is gone, on the replica holding the
    /// `quota-resets` lease (checked every minute): a provider whose quota day began again, or
    /// whose use fell back below the level some other way, is told "resolved" on the channel.
    public static func quotaResets(
        telemetry: Telemetry, alerts: Alerts, store: any Store, clock: C, wallClock: any WallClock, holder: String, logger: Logger
    ) -> TenantRounds {
        TenantRounds(
            lease: "quota-resets", every: .seconds(60), leaseMilliseconds: 180_000, store: store, clock: clock, wallClock: wallClock, holder: holder,
            logger: logger, ready: { _ in !telemetry.settings.quotas.isEmpty }
        ) { tenant, now in
            for status in try await telemetry.quotas(tenant: tenant) {
                for alert in Alert.quotaRecoveries(status, tenant: tenant, at: now) { await alerts.resolve(alert) }
            }
        }
    }
}

extension Alert {
    /// The quota alerts that `status` no longer justifies, as resolutions: critical at 95% or
    /// below, exhausted below the limit. Resolving a group that never paged, or was told already,
    /// does nothing.
    static func quotaRecoveries(_ status: QuotaStatus, tenant: String, at now: Timestamp) -> [Alert] {
        let use = "\(status.usedToday) of \(status.dailyLimit) \(status.unit.rawValue) used (\(Percent.text(status.pctUsed))%) on the quota day ending \(status.resetsAt.rfc3339)"
        var recovered: [Alert] = []
        if status.pctUsed <= 95 {
            recovered.append(Alert(rule: .quotaCritical, tenant: tenant, provider: status.provider, summary: "\(status.provider) is below 95% again: \(use)", at: now))
        }
        if status.pctUsed < 100 {
            recovered.append(Alert(rule: .quotaExhausted, tenant: tenant, provider: status.provider, summary: "\(status.provider) has quota again: \(use)", at: now))
        }
        return recovered
    }
}
