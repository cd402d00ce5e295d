/// The result of one `reallocateSlots` or `throttleAgent` primitive.
public struct AllocationChange: Sendable, Hashable, Codable {
    /// Every agent's slots afterwards.
    public var allocations: [String: Int]
    /// How many slots actually moved (or were freed, for a throttle).
    public var moved: Int
    /// What happened and, when less than asked moved, which limit stopped it.
    public var explanation: String

    /// Creates a change.
    public init(allocations: [String: Int], moved: Int, explanation: String) {
        self.allocations = allocations
        self.moved = moved
        self.explanation = explanation
    }
}
