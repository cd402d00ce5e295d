import StewardCore

extension Fleet {
    /// The secrets `FixConfig` checks (seed 001 §5); a `missing_secret` lacks one of them.
    static let requiredSecrets = ["GOOGLE_PROJECT_ID", "SERVICE_ACCOUNT", "API_BASE"]

    /// A fault arrives at an agent: its kind is drawn by the kinds' rates. An agent has at most
    /// one fault at a time, so an arrival during a fault is lost, and so is a `stale_input` when
    /// none of the agent's sources is stale.
    mutating func arrive(_ index: Int, at t: Int64) {
        guard members[index].fault == nil, totalRate > 0 else { return }
        let draw = members[index].rng.unit() * totalRate
        guard let rate = kinds.first(where: { draw < $0.cumulative }) ?? kinds.last,
            let fault = makeFault(rate.kind, rate.parameters, agent: index, at: t)
        else { return }
        members[index].fault = fault
        counts[rate.kind, default: 0] += 1
    }

    /// A new fault of `kind` at agent `index`, or nil when it cannot strike there now. A scripted
    /// `stale_input` strikes even while the agent's sources are fresh: its copy of one is stale.
    mutating func makeFault(_ kind: FaultKind, _ p: FaultParameters, agent index: Int, at t: Int64, scripted: Bool = false) -> ActiveFault? {
        let spec = members[index].spec
        var source: String?
        switch kind {
        case .staleInput:
            var stale = spec.dependencies.filter { name in sourceIndex[name].map { sources[$0].isStale(at: t) } ?? false }
            if stale.isEmpty, scripted { stale = spec.dependencies }
            guard !stale.isEmpty else { return nil }
            source = stale[members[index].rng.index(stale.count)]
        case .missingInput:
            guard !spec.dependencies.isEmpty else { return nil }
            source = spec.dependencies[members[index].rng.index(spec.dependencies.count)]
        case .directiveConflict:
            guard members.count > 1 else { return nil }
        default:
            break
        }
        let misleading = kind.trueClass != nil && members[index].rng.chance(p.misleadingShare)
        let fixable = kind != .configMissing || members[index].rng.chance(p.fixableShare)
        var clearAt: Int64?
        if members[index].rng.chance(p.selfClearProbability) {
            clearAt = Self.later(t, members[index].rng.exponentialMilliseconds(meanSeconds: p.selfClearSeconds))
        }
        if kind == .staleInput, let source, let at = sourceIndex[source] {
            // The source's own next refresh ends the staleness, whatever Steward does.
            clearAt = min(clearAt ?? .max, sources[at].nextNaturalRefresh(after: t))
        }
        var fault = ActiveFault(
            kind: kind, startedAt: t, trueFix: fixable ? kind.trueFix : [], misleading: misleading, clearAt: clearAt,
            manualAt: Self.later(t, Int64(scenario.manualFixMinutes * 60_000)), healAt: nil)
        fault.periodMilliseconds = Int64(p.periodSeconds * 1000)
        if let source {
            fault.source = source
            fault.dependencies = [source] + spec.dependencies.filter { $0 != source }
        }
        switch kind {
        case .missingSecret:
            fault.missingSecrets = [Self.requiredSecrets[members[index].rng.index(Self.requiredSecrets.count)]]
        case .directiveConflict:
            var partner = members[index].rng.index(members.count - 1)
            if partner >= index { partner += 1 }
            fault.partner = partner
            fault.claimedDirective = members[partner].directiveId
            fault.conflictId = "conflict-\(spec.name)-\(t)"
        case .backlogSurge:
            fault.queueDepth = 8 + members[index].rng.index(23)
            fault.backlogStartMinutes = members[index].rng.uniform(16...30)
        default:
            break
        }
        return fault
    }

    /// The milliseconds a kind takes to heal after its true fix.
    func recoveryMilliseconds(_ kind: FaultKind) -> Int64 {
        Int64(scenario.parameters(kind).recoverySeconds * 1000)
    }

    /// Applies `primitive` to agent `index`'s fault at `t`: when it is a true fix, the fault heals
    /// after its recovery delay. Returns whether it was a true fix.
    @discardableResult
    mutating func fix(_ index: Int, with primitive: Primitive, at t: Int64) -> Bool {
        guard let fault = members[index].activeFault(at: t), fault.trueFix.contains(primitive) else { return false }
        let delay = recoveryMilliseconds(fault.kind)
        members[index].fault?.fix(at: t, delay: delay, by: primitive)
        return true
    }

    /// Whether `agent` is coming back up from a restart at `now`: it runs no step until it is,
    /// as an agent that reads its actions cannot read them while it restarts.
    func isRestarting(agent: String, at now: Timestamp) -> Bool {
        guard let index = indexByName[agent], let fault = members[index].fault else { return false }
        return fault.isRestarting(at: now.millisecondsSinceEpoch)
    }
}
