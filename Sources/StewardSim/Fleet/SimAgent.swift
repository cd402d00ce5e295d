import StewardCore

/// One simulated agent's state: its schedule, its fault and its allocation.
struct SimAgent: Sendable {
    /// How it was declared.
    let spec: SimAgentSpec
    /// The directive it works on when nothing is wrong.
    let directiveId: String
    /// Its own random stream, so its timeline does not depend on the other agents'.
    var rng: SeededGenerator
    /// When it next reports its status.
    var nextSignalAt: Int64
    /// When its next fault arrives.
    var nextFaultAt: Int64
    /// When it next proposes an action.
    var nextProposalAt: Int64
    /// Its fault, if it has one (possibly ended: see ``ActiveFault/endAt``).
    var fault: ActiveFault?
    /// Its concurrency slots now.
    var slots: Int
    /// Its concurrency cap while throttled.
    var maxConcurrent: Int?

    /// Its fault if under way at `t`.
    func activeFault(at t: Int64) -> ActiveFault? {
        guard let fault, fault.isActive(at: t) else { return nil }
        return fault
    }
}
