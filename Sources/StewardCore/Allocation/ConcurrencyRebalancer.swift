/// The global concurrency scheduler of requirement 000 §3: shifts slots toward agents whose ROI
/// is above the floor and whose backlog is over the queue SLA, preempting low-ROI work when it
/// must, and never leaving an agent outside the concurrency limits.
public enum ConcurrencyRebalancer {
    /// Impact points per hour per slot in use.
    ///
    /// An idle agent divides by one instead of zero, so its ROI is its impact rate rather than
    /// infinite; an impact that was not measured (NaN) counts as none, so plans stay ordered.
    public static func roi(of load: AgentLoad) -> Double {
        guard !load.impactPointsPerHour.isNaN else { return 0 }
        // On a grid of a billionth, so 0.6 / 3 is the 0.2 a floor of 0.2 is, not 0.19999999999999998
        // below it (QA r8 orchestration H1: busy slots were preempted from an agent at the floor).
        let roi = load.impactPointsPerHour / Double(Swift.max(load.slotsInUse, 1))
        return roi.magnitude < 1e15 ? (roi * 1e9).rounded() / 1e9 : roi
    }

    /// One rebalance of the whole fleet (`rebalanceConcurrency({slaMin, roiFloor})`).
    ///
    /// Agents outside `limits` are first clamped into them through the pool. Receivers (ROI above
    /// `roiFloor`, backlog over `queueSlaMinutes`) are served by domain priority, then ROI, then
    /// name. Each takes idle slots above the minimum from every donor, lowest ROI first, and only
    /// when idle slots run out preempts busy slots from donors below the floor. Slots only move
    /// between agents, so apart from the clamps the total is unchanged.
    public static func plan(
        _ loads: [AgentLoad], limits: ConcurrencyLimits, queueSlaMinutes: Int, roiFloor: Double, priority: [Domain]
    ) -> RebalancePlan {
        var book = SlotBook(loads, limits: limits)
        let order = FleetOrder(priority: priority, roi: book.roi)
        // An SLA under a minute would divide by zero; a minute is the finest the setting is written in.
        let sla = Swift.max(queueSlaMinutes, 1)
        let receivers = book.loads
            .filter { order.roi(of: $0.agent) > roiFloor && $0.backlogAgeMinutes > Double(sla) }
            .sorted(by: order.servesFirst)
        let receiverNames = Set(receivers.map(\.agent))
        let donors = book.loads.filter { !receiverNames.contains($0.agent) }.sorted(by: order.drawsFirst)

        for receiver in receivers {
            let current = book.slots(of: receiver.agent)
            let wanted = wantedSlots(
                current: current, backlogAgeMinutes: receiver.backlogAgeMinutes, slaMinutes: sla, max: book.limits.max)
            var need = wanted - current
            let breach = AllocationText.breach(of: receiver, slaMinutes: sla)
            let receiverROI = AllocationText.number(order.roi(of: receiver.agent))
            // Idle slots from every donor before any running work is touched.
            for donor in donors where need > 0 {
                let give = Swift.min(need, book.idle(of: donor.agent), book.givable(by: donor.agent))
                book.move(
                    give, from: donor.agent, to: receiver.agent,
                    reason: "\(AllocationText.slots(give)) idle on \(donor.agent) to \(breach) (ROI \(receiverROI) above the floor \(AllocationText.number(roiFloor)))")
                need -= give
            }
            // Then busy slots, but only from donors below the floor: their work is worth the least.
            for donor in donors where need > 0 && order.roi(of: donor.agent) < roiFloor {
                let take = Swift.min(need, book.givable(by: donor.agent))
                guard take > 0 else { continue }
                // Every idle slot above the minimum went in the pass above, so these are all busy.
                let busyTaken = Swift.min(take, book.busy(of: donor.agent))
                let donorROI = AllocationText.number(order.roi(of: donor.agent))
                book.move(
                    take, from: donor.agent, to: receiver.agent,
                    reason: "\(AllocationText.slots(take)) preempted from \(donor.agent) (ROI \(donorROI) below the floor \(AllocationText.number(roiFloor))) for \(breach)")
                book.recordPreemption(
                    of: donor.agent, slots: busyTaken,
                    reason: "preempted for \(breach); \(donor.agent)'s ROI \(donorROI) is below the floor \(AllocationText.number(roiFloor))")
                need -= take
            }
        }
        return book.plan
    }

    /// The slots a receiver asks for: one more for every further SLA window its oldest item has
    /// waited beyond the first (41 min against 15 → ⌈41/15⌉ − 1 = 2 more), at least one more,
    /// never more than `max`. A backlog k windows old needs roughly k times the throughput to
    /// clear within one window; adding k − 1 slots is the step that does not overshoot small agents.
    static func wantedSlots(current: Int, backlogAgeMinutes: Double, slaMinutes: Int, max: Int) -> Int {
        let room = max - current
        guard room > 0 else { return current }
        let windowsBeyondFirst = (backlogAgeMinutes / Double(slaMinutes)).rounded(.up) - 1
        if windowsBeyondFirst >= Double(room) { return max }
        return current + (windowsBeyondFirst >= 1 ? Int(windowsBeyondFirst) : 1)
    }
}
