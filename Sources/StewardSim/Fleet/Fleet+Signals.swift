import StewardCore

extension Fleet {
    /// What agent `index` reports at `t`: healthy figures with a little noise, or the shape of its
    /// fault (what the seed classifier rules and success criteria read).
    mutating func signal(_ index: Int, at t: Int64) -> StatusSignal {
        let agent = members[index]
        let ts = Timestamp(millisecondsSinceEpoch: t)
        var metrics = SignalMetrics(
            successRate: Self.round(members[index].rng.uniform(0.95...1)), alignment: Self.round(members[index].rng.uniform(0.95...1)),
            backlogAgeMinutes: Self.round(members[index].rng.uniform(0...8)),
            costBurnRatePerHour: Self.round(Double(agent.slots) * members[index].rng.uniform(0.2...0.3)))
        var context = SignalContext(
            directiveId: agent.directiveId, queueDepth: members[index].rng.index(4), dependencies: agent.spec.dependencies,
            lastTaskSucceeded: true, inputsValid: true, configHealthy: true)
        guard let fault = agent.fault, fault.isFailing(at: t) else {
            return StatusSignal(agent: agent.spec.name, status: .healthy, lastReport: "ok", metrics: metrics, context: context, ts: ts)
        }
        context.errorCode = fault.misleading ? fault.kind.misleadingErrorCode : fault.kind.errorCode
        switch fault.kind {
        case .timeout, .tempNetwork, .flapping, .slowRecovery, .unfixable:
            context.lastTaskSucceeded = false
            metrics.successRate = Self.round(members[index].rng.uniform(0.55...0.85))
        case .rateLimit:
            context.lastTaskSucceeded = false
            metrics.successRate = Self.round(members[index].rng.uniform(0.7...0.9))
        case .staleInput, .missingInput:
            context.lastTaskSucceeded = false
            context.inputsValid = false
            context.dependencies = fault.dependencies
            metrics.successRate = Self.round(members[index].rng.uniform(0.6...0.9))
        case .missingSecret, .configMissing:
            context.lastTaskSucceeded = false
            context.configHealthy = false
            context.missingSecrets = fault.missingSecrets
            metrics.successRate = Self.round(members[index].rng.uniform(0...0.3))
        case .directiveConflict:
            context.directiveId = fault.claimedDirective
            // A misleading conflict's agent does not know it is in one: only the claims show it.
            context.conflictId = fault.misleading ? nil : fault.conflictId
            metrics.alignment = Self.round(members[index].rng.uniform(0.7...0.88))
        case .backlogSurge:
            context.queueDepth = fault.queueDepth
            let minutes = Double(t - fault.startedAt) / 60_000
            metrics.backlogAgeMinutes = Self.round(fault.backlogStartMinutes + minutes)
        }
        return StatusSignal(agent: agent.spec.name, status: fault.kind.status, lastReport: fault.kind.report, metrics: metrics, context: context, ts: ts)
    }

    /// A figure rounded to three decimals, as an agent would report it.
    static func round(_ value: Double) -> Double { (value * 1000).rounded() / 1000 }
}
