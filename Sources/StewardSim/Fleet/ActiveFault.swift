import StewardCore

/// A fault an agent has now, with everything its signals and the steps need to know.
struct ActiveFault: Sendable {
    /// Its kind.
    let kind: FaultKind
    /// When it began, in milliseconds since the epoch.
    let startedAt: Int64
    /// What fixes it: the kind's true fix, or nothing when this one cannot be fixed.
    let trueFix: Set<Primitive>
    /// Whether its signals report a wrong error code.
    let misleading: Bool
    /// When it clears by itself, if it does.
    let clearAt: Int64?
    /// When a person has fixed it, if nothing else did first.
    let manualAt: Int64
    /// When it heals after a true fix; nil until one is performed.
    var healAt: Int64?
    /// Whether the true fix that set `healAt` was a restart: until then the agent is coming back up.
    var restarted = false
    /// The source a data fault is about.
    var source: String?
    /// The agent's dependencies, the faulty source first.
    var dependencies: [String] = []
    /// The secret a `missing_secret` lacks.
    var missingSecrets: [String] = []
    /// The other agent of a directive conflict.
    var partner: Int?
    /// The directive a conflict's agent claims (its partner's).
    var claimedDirective: String?
    /// The conflict's id.
    var conflictId: String?
    /// Tasks waiting during a backlog surge.
    var queueDepth = 0
    /// The age of the oldest waiting task when a surge began, in minutes.
    var backlogStartMinutes = 0.0
    /// For `flapping`: milliseconds of failure, then as many of health.
    var periodMilliseconds: Int64 = 150_000

    /// When it ends: healed, cleared, or fixed by a person, whichever comes first.
    var endAt: Int64 { min(healAt ?? .max, clearAt ?? .max, manualAt) }

    /// Whether it is under way at `t`.
    func isActive(at t: Int64) -> Bool { startedAt <= t && t < endAt }

    /// Whether the agent fails at `t`: always while active, but for a flapping fault's healthy half-periods.
    func isFailing(at t: Int64) -> Bool {
        guard isActive(at: t) else { return false }
        guard kind == .flapping, periodMilliseconds > 0 else { return true }
        return ((t - startedAt) / periodMilliseconds) % 2 == 0
    }

    /// Schedules the heal `delay` milliseconds after a true fix at `t`; a later fix never postpones it.
    mutating func fix(at t: Int64, delay: Int64, by primitive: Primitive) {
        if t + delay < healAt ?? .max {
            healAt = t + delay
            restarted = primitive == .restartAgent
        }
    }

    /// Whether the agent is restarting at `t`: a restart fixed this fault and it is not back yet.
    func isRestarting(at t: Int64) -> Bool { restarted && isActive(at: t) }

    /// The truth for reports.
    var truth: FaultTruth {
        FaultTruth(
            kind: kind.rawValue, trueClass: kind.trueClass, trueFix: trueFix, startedAt: Timestamp(millisecondsSinceEpoch: startedAt),
            misleading: misleading)
    }
}
