/// What a rebalance decided: every agent's slots afterwards and each move that got them there.
public struct RebalancePlan: Sendable, Hashable, Codable {
    /// Every agent's slots after the plan, including agents that kept theirs.
    public var allocations: [String: Int]
    /// The moves in the order they were decided; clamps into the limits come first.
    public var moves: [SlotMove]
    /// Busy slots taken from agents below the ROI floor.
    public var preemptions: [Preemption]
    /// Every agent's ROI, impact points per hour per slot in use, as the plan ranked it.
    public var roi: [String: Double]

    /// Creates a plan.
    public init(allocations: [String: Int], moves: [SlotMove], preemptions: [Preemption], roi: [String: Double]) {
        self.allocations = allocations
        self.moves = moves
        self.preemptions = preemptions
        self.roi = roi
    }

    /// Whether applying the plan changes anything; an unchanged plan costs no rebalance.
    public var changed: Bool { !moves.isEmpty }
}
