extension ConcurrencyRebalancer {
    /// The `throttleLowROI({reserveSlots})` step: every agent whose ROI is below the floor keeps
    /// only `reserveSlots` (at least the minimum); the freed slots go to agents above the floor,
    /// highest priority first and each up to the maximum, and whatever nobody can take returns to
    /// the pool. Busy slots cut this way are recorded as preemptions.
    ///
    /// Receivers here need no backlog: the step runs after a capacity incident, when moving slots
    /// from work worth less than the floor to work worth more is the point.
    public static func throttleLowROI(
        _ loads: [AgentLoad], reserveSlots: Int, roiFloor: Double, limits: ConcurrencyLimits,
        priority: [Domain] = Domain.seedPriority
    ) -> RebalancePlan {
        var book = SlotBook(loads, limits: limits)
        let order = FleetOrder(priority: priority, roi: book.roi)
        let keep = Swift.max(reserveSlots, book.limits.min)
        let floorText = AllocationText.number(roiFloor)
        let throttled = book.loads
            .filter { order.roi(of: $0.agent) < roiFloor && book.slots(of: $0.agent) > keep }
            .sorted(by: order.drawsFirst)
        let receivers = book.loads.filter { order.roi(of: $0.agent) > roiFloor }.sorted(by: order.servesFirst)

        for donor in throttled {
            let name = donor.agent
            var freed = book.slots(of: name) - keep
            let busyCut = Swift.max(0, book.busy(of: name) - keep)
            let why = "\(name) throttled to its reserve of \(AllocationText.slots(keep)) (ROI \(AllocationText.number(order.roi(of: name))) below the floor \(floorText))"
            for receiver in receivers where freed > 0 {
                let give = Swift.min(freed, book.room(of: receiver.agent))
                book.move(
                    give, from: name, to: receiver.agent,
                    reason: "\(why); \(AllocationText.slots(give)) to \(receiver.agent) (\(receiver.domain), ROI \(AllocationText.number(order.roi(of: receiver.agent))))")
                freed -= give
            }
            book.move(
                freed, from: name, to: SlotMove.pool,
                reason: "\(why); \(AllocationText.slots(freed)) back to the pool: no agent above the floor has room")
            book.recordPreemption(of: name, slots: busyCut, reason: why)
        }
        return book.plan
    }
}
