public import StewardCore

extension Fleet {
    /// A business action agent `index` proposes: a seed-003 type, high-risk with the scenario's share.
    mutating func proposal(_ index: Int) -> FleetProposal {
        let high = members[index].rng.chance(scenario.highRiskProposalShare)
        let types = high && !highRiskTypes.isEmpty ? highRiskTypes : lowRiskTypes
        let type = types.isEmpty ? "create_internal_note" : types[members[index].rng.index(types.count)]
        let account = accounts[members[index].rng.index(accounts.count)]
        let params: JSONValue = ["account": .string(account), "note": "simulated proposal"]
        return FleetProposal(agent: members[index].spec.name, type: type, account: account, params: params)
    }

    /// Whether a business action the agent proposed succeeds when executed now (faulty agents fail more; the scenario sets the base failure rate).
    public mutating func actionSucceeds(agent: String, type: String, at now: Timestamp) -> Bool {
        let t = now.millisecondsSinceEpoch
        latest = max(latest, t)
        let failing = indexByName[agent].map { members[$0].fault?.isFailing(at: t) ?? false } ?? false
        return !actionRNG.chance(failing ? scenario.faultyActionFailureRate : scenario.actionFailureRate)
    }
}

extension Fleet {
    /// Carries out a scripted event at agent `index`: a fault replaces whatever it has (a
    /// `stale_input` strikes only if one of its sources is stale); proposals each go to their own
    /// account, so no account's pacing defers them.
    mutating func play(_ action: ScriptedEvent.Action, at index: Int, time t: Int64) -> [FleetProposal] {
        switch action {
        case .fault(let kind):
            guard let fault = makeFault(kind, scenario.parameters(kind), agent: index, at: t, scripted: true) else { return [] }
            members[index].fault = fault
            counts[kind, default: 0] += 1
            return []
        case .proposals(let type, let count):
            return (0..<count).map { n in
                let account = accounts[n % accounts.count]
                return FleetProposal(
                    agent: members[index].spec.name, type: type, account: account,
                    params: ["account": .string(account), "note": "scripted proposal"])
            }
        }
    }
}
