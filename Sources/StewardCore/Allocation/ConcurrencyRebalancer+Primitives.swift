extension ConcurrencyRebalancer {
    /// The `reallocateSlots({from, to, slots})` primitive: moves at most `slots` from one agent to
    /// another, fewer when `from` would drop below the minimum or `to` rise above the maximum.
    public static func reallocate(
        from giver: String, to taker: String, slots: Int, allocations: [String: Int], limits: ConcurrencyLimits
    ) throws(AllocationError) -> AllocationChange {
        guard let giverSlots = allocations[giver] else { throw .unknownAgent(giver) }
        guard let takerSlots = allocations[taker] else { throw .unknownAgent(taker) }
        let bounds = limits.repaired
        guard giver != taker else {
            return AllocationChange(allocations: allocations, moved: 0, explanation: "moved nothing: \(giver) cannot give slots to itself")
        }
        guard slots > 0 else {
            return AllocationChange(allocations: allocations, moved: 0, explanation: "moved nothing: \(slots) slots were asked for")
        }
        let canGive = Swift.max(0, giverSlots - bounds.min)
        let canTake = Swift.max(0, bounds.max - takerSlots)
        let moved = Swift.min(slots, canGive, canTake)
        var after = allocations
        after[giver] = giverSlots - moved
        after[taker] = takerSlots + moved
        guard moved < slots else {
            return AllocationChange(
                allocations: after, moved: moved, explanation: "moved \(AllocationText.slots(moved)) from \(giver) to \(taker)")
        }
        var limitsHit: [String] = []
        if canGive == moved {
            let left = giverSlots - moved
            limitsHit.append(
                left == bounds.min
                    ? "\(giver) is at the minimum of \(bounds.min)"
                    : "\(giver) has \(left), below the minimum of \(bounds.min)")
        }
        if canTake == moved {
            let now = takerSlots + moved
            limitsHit.append(
                now == bounds.max
                    ? "\(taker) is at the maximum of \(bounds.max)"
                    : "\(taker) has \(now), above the maximum of \(bounds.max)")
        }
        return AllocationChange(
            allocations: after, moved: moved,
            explanation: "moved \(moved) of \(AllocationText.slots(slots)): \(limitsHit.joined(separator: " and "))")
    }

    /// The `throttleAgent({agent, maxConcurrent})` primitive: caps an agent at `maxConcurrent`
    /// slots, or at the minimum if that is higher.
    ///
    /// The freed slots are simply removed from the agent: they return to the unallocated pool
    /// rather than to anyone in particular, because the caller throttles to stop work, not to feed
    /// another agent (``plan(_:limits:queueSlaMinutes:roiFloor:priority:)`` does that). How long the
    /// cap lasts (`minutes`) is the caller's business; this only computes the new allocation.
    public static func throttle(
        agent: String, maxConcurrent: Int, allocations: [String: Int], limits: ConcurrencyLimits
    ) throws(AllocationError) -> AllocationChange {
        guard let current = allocations[agent] else { throw .unknownAgent(agent) }
        let bounds = limits.repaired
        let cap = Swift.max(maxConcurrent, bounds.min)
        let raised = cap > maxConcurrent ? " (\(maxConcurrent) was asked for, but the minimum is \(bounds.min))" : ""
        guard current > cap else {
            return AllocationChange(
                allocations: allocations, moved: 0,
                explanation: "\(agent) already has \(AllocationText.slots(current)), within the cap of \(cap)\(raised)")
        }
        var after = allocations
        after[agent] = cap
        let freed = current - cap
        return AllocationChange(
            allocations: after, moved: freed,
            explanation: "throttled \(agent) from \(current) to \(AllocationText.slots(cap))\(raised); \(AllocationText.slots(freed)) returned to the pool")
    }
}
