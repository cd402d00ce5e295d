public import StewardCore

extension Fleet {
    /// A remediation step dispatched to an agent: applies it; if it is among the fault's true
    /// fixes, the fault heals after its recovery delay. Returns whether the operation itself
    /// succeeded (`checkSecrets` fails, naming the secret, when one is missing).
    public mutating func perform(_ step: FleetStep, at now: Timestamp) -> FleetStepResult {
        let t = now.millisecondsSinceEpoch
        latest = max(latest, t)
        // Work done so far is counted at the slots and caps it was done with.
        workAll(until: t)
        guard let index = indexByName[step.agent] else { return FleetStepResult(succeeded: false, detail: "no agent named \(step.agent) in the fleet") }
        let name = step.agent
        if step.type == ActionType.allocationTypeName { return applyAllocation(index, step.params, at: t) }
        guard let primitive = Primitive(rawValue: step.type) else {
            return FleetStepResult(succeeded: false, detail: "\(name) does not know the step type \(step.type)")
        }
        let fault = members[index].activeFault(at: t)
        switch primitive {
        case .restartAgent:
            fix(index, with: .restartAgent, at: t)
            return FleetStepResult(succeeded: true, detail: "\(name) restarted")
        case .retryLastTask:
            if let fault, fault.isFailing(at: t), !fault.trueFix.contains(.retryLastTask) {
                return FleetStepResult(succeeded: false, detail: "\(name)'s retry failed again: \(fault.kind.report)")
            }
            fix(index, with: .retryLastTask, at: t)
            return FleetStepResult(succeeded: true, detail: "\(name)'s last task succeeded on retry")
        case .refreshCache:
            fix(index, with: .refreshCache, at: t)
            return FleetStepResult(succeeded: true, detail: "\(name)'s cache refreshed")
        case .refetchSource, .refreshIfStale:
            return refresh(index, step.params, with: primitive, at: t)
        case .validateInputs:
            if let fault, fault.kind == .staleInput || fault.kind == .missingInput, fault.healAt == nil {
                let problem = fault.kind == .staleInput ? "is stale" : "is missing"
                return FleetStepResult(succeeded: false, detail: "\(name)'s input from \(fault.source ?? "its source") \(problem)")
            }
            return FleetStepResult(succeeded: true, detail: "\(name)'s inputs are valid")
        case .checkSecrets:
            if let fault, let secret = fault.missingSecrets.first {
                return FleetStepResult(succeeded: false, detail: "\(name) is missing the secret \(secret)")
            }
            return FleetStepResult(succeeded: true, detail: "\(name) has every required secret")
        case .schemaMigrateIfNeeded:
            if fix(index, with: .schemaMigrateIfNeeded, at: t) {
                return FleetStepResult(succeeded: true, detail: "\(name)'s configuration schema migrated; the missing key now has its default")
            }
            return FleetStepResult(succeeded: true, detail: "\(name)'s configuration schema is current; nothing migrated")
        case .throttleAgent:
            let target = step.params["agent"]?.stringValue.flatMap { indexByName[$0] } ?? index
            members[target].maxConcurrent = step.params["maxConcurrent"]?.intValue.map { Int($0) } ?? 1
            members[target].throttledUntil = step.params["minutes"]?.intValue.map { t + $0 * 60_000 }
            fix(target, with: .throttleAgent, at: t)
            settleConflicts(around: target, with: .throttleAgent, at: t)
            return FleetStepResult(succeeded: true, detail: "\(members[target].spec.name) throttled")
        case .reassignOverlaps, .applyPriorityRules:
            settleConflicts(around: index, with: primitive, at: t)
            return FleetStepResult(succeeded: true, detail: "\(name)'s overlapping work \(primitive == .reassignOverlaps ? "reassigned" : "ranked by priority")")
        case .reallocateSlots:
            return reallocate(index, step.params, at: t)
        case .splitDirective:
            fix(index, with: .splitDirective, at: t)
            return FleetStepResult(succeeded: true, detail: "\(name)'s directive split")
        case .rebalanceByROI, .throttleLowROI, .estimateImpact, .checkFreshness, .selectByBandit, .executeSelected:
            return FleetStepResult(succeeded: true, detail: "\(name) acknowledged \(primitive.rawValue)")
        }
    }

    /// Refetches (or refreshes if stale) a source: the source is fresh again, which heals every
    /// agent's `stale_input` on it; a refetch also heals this agent's `missing_input` from it.
    mutating func refresh(_ index: Int, _ params: JSONValue, with primitive: Primitive, at t: Int64) -> FleetStepResult {
        let fault = members[index].activeFault(at: t)
        guard let name = params["source"]?.stringValue ?? fault?.source ?? members[index].spec.dependencies.first,
            let at = sourceIndex[name]
        else { return FleetStepResult(succeeded: false, detail: "\(members[index].spec.name) has no such source to refresh") }
        let stale = sources[at].isStale(at: t) || members.contains { $0.activeFault(at: t)?.source == name && $0.fault?.kind == .staleInput }
        guard primitive == .refetchSource || stale else { return FleetStepResult(succeeded: true, detail: "\(name) is fresh; not refreshed") }
        sources[at].refreshedByStewardAt = t
        for other in members.indices where members[other].activeFault(at: t).map({ $0.kind == .staleInput && $0.source == name }) ?? false {
            fix(other, with: primitive, at: t)
        }
        if fault?.kind == .missingInput, fault?.source == name { fix(index, with: primitive, at: t) }
        return FleetStepResult(succeeded: true, detail: "\(name) refreshed")
    }

    /// Settles the conflicts agent `index` is part of, as its claimant or as the other party.
    mutating func settleConflicts(around index: Int, with primitive: Primitive, at t: Int64) {
        fix(index, with: primitive, at: t)
        for other in members.indices where other != index {
            if let fault = members[other].activeFault(at: t), fault.kind == .directiveConflict, fault.partner == index {
                fix(other, with: primitive, at: t)
            }
        }
    }

    /// Moves slots to the agent (`to`, or the step's agent) from `from`: more slots fix a surge.
    mutating func reallocate(_ index: Int, _ params: JSONValue, at t: Int64) -> FleetStepResult {
        let target = params["to"]?.stringValue.flatMap { indexByName[$0] } ?? index
        let slots = Int(params["slots"]?.intValue ?? 1)
        if let from = params["from"]?.stringValue.flatMap({ indexByName[$0] }), from != target {
            members[from].slots = max(1, members[from].slots - slots)
        }
        members[target].slots += max(slots, 0)
        if slots > 0 { fix(target, with: .reallocateSlots, at: t) }
        return FleetStepResult(succeeded: true, detail: "\(members[target].spec.name) now has \(members[target].slots) slots")
    }

    /// `applyAllocation`: the agent takes its new slots and cap (until the cap's `until`, when
    /// given); more slots than it had fix a surge.
    mutating func applyAllocation(_ index: Int, _ params: JSONValue, at t: Int64) -> FleetStepResult {
        guard let slots = params["slots"]?.intValue.map({ Int($0) }), slots >= 0 else {
            return FleetStepResult(succeeded: false, detail: "applyAllocation needs a whole number of slots")
        }
        let grew = slots > members[index].slots
        members[index].slots = slots
        members[index].maxConcurrent = params["maxConcurrent"]?.intValue.map { Int($0) }
        members[index].throttledUntil = params["until"]?.stringValue.flatMap(Timestamp.init(rfc3339:))?.millisecondsSinceEpoch
        if grew { fix(index, with: .reallocateSlots, at: t) }
        return FleetStepResult(succeeded: true, detail: "\(members[index].spec.name) now runs with \(slots) slots")
    }
}
