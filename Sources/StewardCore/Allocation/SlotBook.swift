/// The working state of one rebalance: one load per agent, each agent's slots as moves are
/// decided, and the record of those moves.
struct SlotBook {
    /// The limits every agent ends within.
    let limits: ConcurrencyLimits
    /// One load per agent, sorted by name.
    let loads: [AgentLoad]
    /// Each agent's ROI, fixed for the whole plan.
    let roi: [String: Double]
    private(set) var slots: [String: Int] = [:]
    private(set) var busy: [String: Int] = [:]
    private(set) var moves: [SlotMove] = []
    private(set) var preemptions: [Preemption] = []

    /// Reads the fleet and clamps every agent outside the limits into them, through the pool.
    ///
    /// An agent listed twice counts once: the entry first in ``AgentLoad/canonicallyPrecedes(_:_:)``
    /// (the one claiming the most slots), so the outcome does not depend on input order.
    init(_ input: [AgentLoad], limits: ConcurrencyLimits) {
        self.limits = limits.repaired
        var seen = Set<String>()
        loads = input.sorted(by: AgentLoad.canonicallyPrecedes).filter { seen.insert($0.agent).inserted }
        var roi: [String: Double] = [:]
        for load in loads {
            roi[load.agent] = ConcurrencyRebalancer.roi(of: load)
            slots[load.agent] = load.slots
            busy[load.agent] = load.busySlots
        }
        self.roi = roi
        for load in loads { clampIntoLimits(load.agent) }
    }

    /// The agent's slots now.
    func slots(of agent: String) -> Int { slots[agent] ?? 0 }

    /// Its slots not running work.
    func idle(of agent: String) -> Int { Swift.max(0, slots(of: agent) - (busy[agent] ?? 0)) }

    /// Its slots running work.
    func busy(of agent: String) -> Int { busy[agent] ?? 0 }

    /// How many slots it can give without dropping below the minimum.
    func givable(by agent: String) -> Int { Swift.max(0, slots(of: agent) - limits.min) }

    /// How many slots it can take without rising above the maximum.
    func room(of agent: String) -> Int { Swift.max(0, limits.max - slots(of: agent)) }

    /// Moves `count` slots (nothing when not positive); a giver loses idle slots before busy ones.
    mutating func move(_ count: Int, from: String, to: String, reason: String) {
        guard count > 0 else { return }
        if from != SlotMove.pool {
            let left = slots(of: from) - count
            slots[from] = left
            busy[from] = Swift.min(busy(of: from), Swift.max(left, 0))
        }
        if to != SlotMove.pool { slots[to] = slots(of: to) + count }
        moves.append(SlotMove(from: from, to: to, slots: count, reason: reason))
    }

    /// Records that busy slots were taken from an agent.
    mutating func recordPreemption(of agent: String, slots count: Int, reason: String) {
        guard count > 0 else { return }
        preemptions.append(Preemption(agent: agent, slots: count, reason: reason))
    }

    /// The plan as decided so far.
    var plan: RebalancePlan {
        RebalancePlan(allocations: slots, moves: moves, preemptions: preemptions, roi: roi)
    }

    /// Brings an agent outside the limits back inside. This repairs a state that should not exist
    /// rather than taking work for someone, so it is recorded as a move, not a preemption.
    private mutating func clampIntoLimits(_ agent: String) {
        let current = slots(of: agent)
        if current < limits.min {
            move(
                limits.min - current, from: SlotMove.pool, to: agent,
                reason: "raised \(agent) from \(current) to the minimum of \(AllocationText.slots(limits.min))")
        } else if current > limits.max {
            move(
                current - limits.max, from: agent, to: SlotMove.pool,
                reason: "lowered \(agent) from \(current) to the maximum of \(AllocationText.slots(limits.max))")
        }
    }
}
