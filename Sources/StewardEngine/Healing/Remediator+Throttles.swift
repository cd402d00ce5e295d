import Logging
import StewardCore

extension Remediator {
    /// Ends the throttles whose time is up: each agent gets back the slots it had before (within
    /// the maximum, never fewer than it has now), the cap goes, the change is recorded and pushed
    /// to the agent. A throttle "for 20 min" lasts 20 minutes. Returns how many were lifted.
    @discardableResult
    public func liftEndedThrottles(tenant: String) async -> Int {
        do {
            let now = clock.now()
            let throttled = try await store.rows(
                AllocationRow.self, ProjectionQuery(tenant: tenant, collection: HealingRows.allocations, status: AllocationRow.throttledStatus, limit: 1000))
            var change = HealingChange(tenant: tenant)
            for (row, version) in throttled {
                guard let until = row.throttledUntil, until <= now else { continue }
                try record((Self.lifted(row, limits: rules.settings.concurrency, now: now), version), previousSlots: row.slots, change: &change, cause: "throttle")
            }
            guard !change.changedAllocations.isEmpty else { return 0 }
            // A refused commit means a row changed under us; the next round sees the new one.
            guard try await store.apply(change.commit(actor: "steward", revision: rules.revision, now: now)) else { return 0 }
            await push(change.changedAllocations, tenant: tenant)
            return change.changedAllocations.count
        } catch {
            logger.error("lifting ended throttles failed", metadata: ["tenant": "\(tenant)", "error": "\(error)"])
            return 0
        }
    }

    /// `row` once its throttle has ended.
    static func lifted(_ row: AllocationRow, limits: ConcurrencyLimits, now: Timestamp) -> AllocationRow {
        var next = row
        let before = min(row.slotsBeforeThrottle ?? row.slots, limits.repaired.max)
        next.slots = max(row.slots, before)
        next.maxConcurrent = nil
        next.throttledUntil = nil
        next.slotsBeforeThrottle = nil
        next.reason = "throttle ended: back to \(next.slots) slot\(next.slots == 1 ? "" : "s") with no cap"
        next.changedAt = now
        return next
    }
}
