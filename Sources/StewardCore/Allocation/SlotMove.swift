/// Slots handed from one agent to another, or to and from the unallocated pool.
public struct SlotMove: Sendable, Hashable, Codable {
    /// The agent that gives the slots, or ``SlotMove/pool``.
    public var from: String
    /// The agent that gets them, or ``SlotMove/pool``.
    public var to: String
    /// How many slots move; always positive.
    public var slots: Int
    /// Why, in a sentence a person understands.
    public var reason: String

    /// The name that stands for unallocated capacity, so a clamp reads like any other move.
    public static let pool = "(pool)"

    /// Creates a move.
    public init(from: String, to: String, slots: Int, reason: String) {
        self.from = from
        self.to = to
        self.slots = slots
        self.reason = reason
    }
}
