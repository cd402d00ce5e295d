public import StewardCore

/// What a request to engage or release the kill switch did: the switch as it stands after it,
/// and whether the request changed it. Engaging an engaged switch keeps the first engagement
/// (its reason, who and since when), and the answer says so rather than dropping the new reason.
public struct KillSwitchChange: Sendable, Hashable {
    /// The kill switch after the request.
    public var state: KillSwitchState
    /// Whether the request changed it.
    public var changed: Bool

    /// Creates the answer to one request.
    public init(state: KillSwitchState, changed: Bool) {
        self.state = state
        self.changed = changed
    }

    /// For a request that changed nothing, a sentence saying why; nil when it changed the switch.
    public var note: String? {
        guard !changed else { return nil }
        guard state.engaged else { return "The kill switch was already released; nothing changed." }
        let by = state.by.map { " by \($0)" } ?? ""
        let since = state.since.map { " since \($0.rfc3339)" } ?? ""
        let why = state.reason.map { " (reason: \($0))" } ?? ""
        return "The kill switch was already engaged\(by)\(since)\(why); it stays engaged with that reason, and the new reason was not recorded."
    }
}
