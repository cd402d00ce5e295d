/// Something a scenario makes happen at a fixed moment, whatever the draws: a fault at an agent,
/// or a burst of proposals from it. `steward demo` opens with a few, so the first minutes show
/// each kind of thing Steward does.
public struct ScriptedEvent: Sendable, Hashable {
    /// What happens.
    public enum Action: Sendable, Hashable {
        /// The agent gets this fault (replacing one it has).
        case fault(FaultKind)
        /// The agent proposes `count` actions of this type, each for a different account.
        case proposals(type: String, count: Int)
    }

    /// Seconds after the start.
    public var atSeconds: Double
    /// The agent, by name.
    public var agent: String
    /// What happens.
    public var action: Action

    /// Creates an event.
    public init(atSeconds: Double, agent: String, action: Action) {
        self.atSeconds = atSeconds
        self.agent = agent
        self.action = action
    }
}
