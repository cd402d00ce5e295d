import StewardCore

/// What a bound agent key may read: its own agents' data only. A filter naming another agent is
/// refused by the name the caller gave (which says nothing about that agent's data); a record of
/// another agent asked for by id answers as if it did not exist.
extension Principal {
    /// Refuses with 403 naming `agent` when this key may not read the agent the filter names.
    func requireReading(_ agent: String?) throws(Problem) {
        guard let agent, !speaks(for: agent) else { return }
        throw .forbidden(bindingRefusal(agent), errors: [.init(field: "agent", reason: "not an agent this key is bound to")])
    }
}
