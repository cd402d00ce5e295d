/// One reading of an agent's concurrency slots, for autoscaling efficiency (seed 000 §3, §8).
public struct AllocationSample: Sendable, Hashable, Codable {
    /// The agent.
    public var agent: String
    /// When it was read.
    public var ts: Timestamp
    /// Slots allocated to the agent.
    public var slots: Int
    /// Slots it was actually using.
    public var slotsInUse: Int

    /// Creates a sample.
    public init(agent: String, ts: Timestamp, slots: Int, slotsInUse: Int) {
        self.agent = agent
        self.ts = ts
        self.slots = slots
        self.slotsInUse = slotsInUse
    }
}
