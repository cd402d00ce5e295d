public import Logging
import Metrics
public import StewardCore

extension TenantRounds {
    /// Re-verifies every tenant's hash chain every `minutes`, on the replica holding the
    /// `ledger-audit` lease, and raises `ledger-damaged` (paged, recorded in the ledger) for a
    /// broken one: an entry edited, deleted or reordered in the database behind the server's back
    /// is seen within one interval instead of at the next `steward ledger verify`.
    public static func ledgerAudits(
        every minutes: Int, alerts: Alerts, store: any Store, clock: C, wallClock: any WallClock, holder: String, logger: Logger
    ) -> TenantRounds {
        let interval = Int64(max(minutes, 1)) * 60_000
        // Held for three rounds, so a replica that stops is replaced within three intervals.
        return TenantRounds(
            lease: "ledger-audit", every: .milliseconds(interval), leaseMilliseconds: 3 * interval, store: store, clock: clock,
            // Each replica audits once at start (its own gauge, and an alert group pages once),
            // even while a process killed earlier still holds the lease.
            wallClock: wallClock, holder: holder, logger: logger, firstRoundUnleased: true
        ) { tenant, now in
            let verification = try await LedgerAudit.verify(store: store, tenant: tenant)
            Gauge(label: "steward_ledger_chain_intact", dimensions: [("tenant", tenant)]).record(verification.ok ? 1 : 0)
            guard let alert = LedgerAuditAlert.alert(for: verification, at: now) else {
                logger.debug("ledger audited", metadata: ["tenant": "\(tenant)", "entries": "\(verification.entriesChecked)"])
                return
            }
            logger.error("the ledger's hash chain is broken", metadata: [
                "tenant": "\(tenant)", "firstBadSeq": "\(verification.fault?.seq ?? 0)", "problem": "\(verification.fault?.problem ?? "")",
            ])
            await alerts.raise([alert])
        }
    }
}

/// The alert a failed audit raises.
enum LedgerAuditAlert {
    /// `ledger-damaged` for a broken chain, naming the first bad entry; nil for an intact one.
    static func alert(for verification: ChainVerification, at now: Timestamp) -> Alert? {
        guard let fault = verification.fault else { return nil }
        return Alert(
            rule: .ledgerDamaged, tenant: verification.tenant,
            summary: "The ledger of tenant '\(verification.tenant)' is broken at entry \(fault.seq): \(fault.problem). "
                + "Entries before it are sound; run `steward ledger verify` and restore the database from a backup.",
            details: [
                "firstBadSeq": .int(fault.seq), "problem": .string(fault.problem), "entriesChecked": .int(verification.entriesChecked),
                "soundHead": ["seq": .int(verification.head.seq), "hash": .string(verification.head.hash)],
            ],
            at: now)
    }
}
