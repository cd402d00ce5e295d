public import StewardCore

/// The simulated fleet: agents that report, propose, break and answer remediation steps. Pure:
/// time is handed in and every draw comes from generators seeded by the caller's seed, so the
/// same scenario, seed and calls give the same events.
public struct Fleet: Sendable {
    /// A fault kind with its parameters and its share of the arrival rate.
    struct KindRate: Sendable {
        let kind: FaultKind
        let parameters: FaultParameters
        /// The sum of the rates of this kind and those before it.
        let cumulative: Double
    }

    /// An event with what orders it.
    struct Pending {
        let ts: Int64
        let agent: Int
        let sequence: Int
        let event: FleetEvent
    }

    let scenario: Scenario
    let start: Int64
    let intervalMilliseconds: Int64
    var members: [SimAgent]
    let indexByName: [String: Int]
    var sources: [SimSource]
    let sourceIndex: [String: Int]
    let kinds: [KindRate]
    let totalRate: Double
    var counts: [FaultKind: Int] = [:]
    var actionRNG: SeededGenerator
    /// The time the fleet has advanced to.
    var now: Int64
    /// The latest time the fleet was told of, by `advance` or `perform`.
    var latest: Int64
    let accounts: [String]
    let lowRiskTypes: [String]
    let highRiskTypes: [String]

    /// A fleet of `scenario`'s agents at `start`, all healthy, with draws seeded by `seed`.
    public init(scenario: Scenario, seed: UInt64, start: Timestamp) {
        self.scenario = scenario
        let t0 = start.millisecondsSinceEpoch
        self.start = t0
        now = t0
        latest = t0
        let interval = Int64(max(scenario.signalIntervalSeconds, 1)) * 1000
        intervalMilliseconds = interval
        var cumulative = 0.0
        kinds = FaultKind.allCases.map { kind in
            let parameters = scenario.parameters(kind)
            cumulative += max(parameters.rate, 0)
            return KindRate(kind: kind, parameters: parameters, cumulative: cumulative)
        }
        totalRate = cumulative
        actionRNG = SeededGenerator.stream(seed, -1)
        var members: [SimAgent] = []
        var indexByName: [String: Int] = [:]
        for (index, spec) in scenario.agents.enumerated() {
            var rng = SeededGenerator.stream(seed, index)
            let phase = 1 + Int64(rng.index(Int(interval)))
            let firstFault = rng.exponentialMilliseconds(perHour: cumulative)
            let firstProposal = rng.exponentialMilliseconds(perHour: scenario.proposalsPerAgentPerHour)
            members.append(
                SimAgent(
                    spec: spec, workedUntil: t0, rng: rng, nextSignalAt: t0 + phase, nextFaultAt: Self.later(t0, firstFault),
                    nextProposalAt: Self.later(t0, firstProposal), fault: nil, slots: spec.slots, maxConcurrent: nil))
            if indexByName[spec.name] == nil { indexByName[spec.name] = index }
        }
        // Each agent's scripted events by time, then in the order the scenario lists them.
        let timed = scenario.opening.enumerated().map { (order: $0.offset, t: Self.later(t0, Int64($0.element.atSeconds * 1000)), event: $0.element) }
        for entry in timed.sorted(by: { ($0.t, $0.order) < ($1.t, $1.order) }) {
            guard let index = indexByName[entry.event.agent] else { continue }
            members[index].opening.append((entry.t, entry.event.action))
        }
        self.members = members
        self.indexByName = indexByName
        let factor = max(scenario.sourceRefreshFactor, 1)
        sources = scenario.sources.map { name in
            let target = SourceSpec.seedFreshnessTargets[name].map { Int64($0) * 60_000 }
            let period = Int64(Double(target ?? 86_400_000) * factor)
            return SimSource(name: name, targetMilliseconds: target, periodMilliseconds: max(period, 1), start: t0)
        }
        sourceIndex = Dictionary(scenario.sources.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        accounts = (1...40).map { "acct-" + ($0 < 10 ? "00" : "0") + String($0) }
        lowRiskTypes = ActionType.seedTypes.filter { !$0.neverAutonomous && $0.risk == .low }.map(\.name)
        highRiskTypes = ActionType.seedTypes.filter { $0.risk == .high }.map(\.name)
    }

    /// The agents as the scenario declares them.
    public var agents: [SimAgentSpec] { scenario.agents }

    /// Every fault injected so far, counted by kind (every kind listed, zero included).
    public var injected: [String: Int] {
        Dictionary(uniqueKeysWithValues: FaultKind.allCases.map { ($0.rawValue, counts[$0] ?? 0) })
    }

    /// The agent's current fault, if any.
    public func truth(agent: String) -> FaultTruth? {
        guard let index = indexByName[agent], let fault = members[index].fault, fault.endAt > latest else { return nil }
        return fault.truth
    }

    /// Advances to `now` (monotonic): injects faults by the scenario's rates, ends those that
    /// healed or cleared, and returns the signals and proposals of the agents in between, sorted
    /// by time; every event's time lies in (previous now, now].
    public mutating func advance(to time: Timestamp) -> [FleetEvent] {
        let end = time.millisecondsSinceEpoch
        guard end > now else { return [] }
        var pending: [Pending] = []
        for index in members.indices { run(index, until: end, into: &pending) }
        now = end
        latest = max(latest, end)
        pending.sort { ($0.ts, $0.agent, $0.sequence) < ($1.ts, $1.agent, $1.sequence) }
        return pending.map(\.event)
    }

    /// Plays one agent's timeline up to `end`: fault arrivals, signals and proposals in time order.
    mutating func run(_ index: Int, until end: Int64, into pending: inout [Pending]) {
        var sequence = 0
        while true {
            let nextFault = members[index].nextFaultAt, nextSignal = members[index].nextSignalAt
            let scripted = members[index].nextOpeningAt
            let t = min(nextFault, nextSignal, members[index].nextProposalAt, scripted)
            guard t <= end else {
                work(index, until: end)
                return
            }
            work(index, until: t)
            if let endAt = members[index].fault?.endAt, endAt <= t { members[index].fault = nil }
            if t == scripted {
                let action = members[index].opening[members[index].openingDone].action
                members[index].openingDone += 1
                for proposal in play(action, at: index, time: t) {
                    pending.append(Pending(ts: t, agent: index, sequence: sequence, event: .proposal(proposal)))
                    sequence += 1
                }
                continue
            }
            if t == nextFault {
                arrive(index, at: t)
                members[index].nextFaultAt = Self.later(t, members[index].rng.exponentialMilliseconds(perHour: totalRate))
                continue
            }
            if t == nextSignal {
                pending.append(Pending(ts: t, agent: index, sequence: sequence, event: .signal(signal(index, at: t))))
                members[index].nextSignalAt = t + intervalMilliseconds
            } else {
                pending.append(Pending(ts: t, agent: index, sequence: sequence, event: .proposal(proposal(index))))
                let gap = members[index].rng.exponentialMilliseconds(perHour: scenario.proposalsPerAgentPerHour)
                members[index].nextProposalAt = Self.later(t, gap)
            }
            sequence += 1
        }
    }

    /// `t` plus `delay` milliseconds, where `Int64.max` means never.
    static func later(_ t: Int64, _ delay: Int64) -> Int64 {
        let (sum, overflow) = t.addingReportingOverflow(delay)
        return overflow ? .max : sum
    }
}
