import StewardCore

extension Fleet {
    /// The step at which work is counted: fine enough for a 60-s signal interval and a flapping period.
    static let workStepMilliseconds: Int64 = 10_000

    /// Counts agent `index`'s work from where it was counted up to `t`: each runnable slot does a
    /// slot-minute a minute (kept in slot-milliseconds), all of it while the agent is well, `degradedWorkShare` of it while a
    /// fault leaves it degraded, none while it fails outright. A directive is done after
    /// `directiveSlotMinutes` of work, and the agent starts its next one.
    mutating func work(_ index: Int, until t: Int64) {
        var s = members[index].workedUntil
        guard t > s else { return }
        // Slot-milliseconds, so whole slots over whole steps add up exactly.
        let size = max(scenario.directiveSlotMinutes, 1) * 60_000
        while s < t {
            let step = min(Self.workStepMilliseconds, t - s, nextChange(index, after: s) - s)
            members[index].progress += Double(members[index].runnableSlots(at: s)) * workShare(index, at: s) * Double(step)
            s += step
        }
        members[index].workedUntil = t
        while members[index].progress >= size {
            members[index].progress -= size
            members[index].directivesCompleted += 1
        }
    }

    /// The first time after `s` at which what agent `index` can do changes: its throttle lifts, its
    /// fault starts or ends, or a flapping fault turns (`Int64.max` when nothing is due).
    func nextChange(_ index: Int, after s: Int64) -> Int64 {
        var times = [members[index].throttledUntil ?? .max]
        if let fault = members[index].fault {
            times += [fault.startedAt, fault.endAt]
            if fault.kind == .flapping, fault.periodMilliseconds > 0, s >= fault.startedAt {
                times.append(fault.startedAt + ((s - fault.startedAt) / fault.periodMilliseconds + 1) * fault.periodMilliseconds)
            }
        }
        return times.filter { $0 > s }.min() ?? .max
    }

    /// The share of its slots' work an agent gets done at `t`.
    func workShare(_ index: Int, at t: Int64) -> Double {
        guard let fault = members[index].fault, fault.isFailing(at: t) else { return 1 }
        return fault.kind.status == .error ? 0 : scenario.degradedWorkShare
    }

    /// Counts every agent's work up to `t`, before a step changes what they can run.
    mutating func workAll(until t: Int64) {
        for index in members.indices { work(index, until: t) }
    }

    /// Directives completed so far, by agent.
    public var directivesCompleted: [String: Int] {
        Dictionary(members.map { ($0.spec.name, $0.directivesCompleted) }, uniquingKeysWith: +)
    }
}
