/// Running work taken from a low-ROI agent so a high-ROI agent can clear an SLA breach.
public struct Preemption: Sendable, Hashable, Codable {
    /// The agent whose busy slots were taken.
    public var agent: String
    /// How many busy slots it lost.
    public var slots: Int
    /// Who got them and which backlog justified it.
    public var reason: String

    /// Creates a preemption record.
    public init(agent: String, slots: Int, reason: String) {
        self.agent = agent
        self.slots = slots
        self.reason = reason
    }
}
