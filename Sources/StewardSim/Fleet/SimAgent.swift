import StewardCore

/// One simulated agent's state: its schedule, its fault and its allocation.
struct SimAgent: Sendable {
    /// How it was declared.
    let spec: SimAgentSpec
    /// How many directives it has completed; it works on the next one.
    var directivesCompleted = 0
    /// Slot-milliseconds of work done on its current directive.
    var progress = 0.0
    /// The time up to which its work has been counted.
    var workedUntil: Int64
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
    /// When its throttle lifts; nil for a cap with no end.
    var throttledUntil: Int64?
    /// The scenario's scripted events for it, in time order, and how many have happened.
    var opening: [(t: Int64, action: ScriptedEvent.Action)] = []
    var openingDone = 0

    /// When its next scripted event is due (`Int64.max` when none is left).
    var nextOpeningAt: Int64 { openingDone < opening.count ? opening[openingDone].t : .max }

    /// The directive it works on when nothing is wrong: its own, numbered as it completes them.
    var directiveId: String { "dir-\(spec.name)-\(directivesCompleted + 1)" }

    /// The slots it can run work on at `t`: its allocation, capped while a throttle holds.
    func runnableSlots(at t: Int64) -> Int {
        guard let cap = maxConcurrent, throttledUntil.map({ t < $0 }) ?? true else { return slots }
        return min(slots, cap)
    }

    /// Its fault if under way at `t`.
    func activeFault(at t: Int64) -> ActiveFault? {
        guard let fault, fault.isActive(at: t) else { return nil }
        return fault
    }
}
