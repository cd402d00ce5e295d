import StewardCore

extension Remediator {
    /// Runs a builtin primitive: Steward changing its own state, recorded in the round's commit.
    func builtin(_ primitive: Primitive, args: [String: JSONValue], index: Int, attempt: inout Attempt, incident: inout Incident, change: inout HealingChange, now: Timestamp) async throws(HealingError) -> StepRun {
        var run = StepRun(primitive: primitive, args: args, status: .succeeded)
        func fail(_ why: String) -> StepRun {
            run.status = .failed
            run.detail = why
            return run
        }
        let tenant = incident.tenant
        switch primitive {
        case .applyPriorityRules:
            let order = args["order"].flatMap(Self.domains) ?? rules.settings.priority
            let peers = try await conflictPeers(incident, now: now)
            let ranked = ([incident.agent] + peers.map(\.name)).sorted { a, b in
                let ra = rank(a, peers: peers, incident: incident, order: order), rb = rank(b, peers: peers, incident: incident, order: order)
                return ra != rb ? ra < rb : a < b
            }
            let winner = ranked.first ?? incident.agent
            attempt.losingAgent = ranked.count > 1 ? ranked.last : nil
            run.detail = ranked.count > 1
                ? "\(winner) keeps the work (\(order.map(\.rawValue).joined(separator: " > "))); \(ranked.dropFirst().joined(separator: ", ")) \(ranked.count == 2 ? "yields" : "yield")"
                : "no other agent claims the work; \(winner) keeps it"
            run.response = .object(["winner": .string(winner), "losers": .array(ranked.dropFirst().map(JSONValue.string))])
            change.log("conflict.arbitrated", subject: HealingRows.subject(agent: incident.agent), [
                "incident": .string(incident.id), "winner": .string(winner), "order": .array(order.map { .string($0.rawValue) }),
                "agents": .array(ranked.map(JSONValue.string)),
            ])
        case .throttleAgent:
            guard let agent = args["agent"]?.stringValue else { return fail("args.agent is required") }
            let minutes = args["minutes"]?.intValue ?? 20
            var row = try await allocation(agent, tenant: tenant, now: now)
            let limits = rules.settings.concurrency
            let cap = max(Int(args["maxConcurrent"]?.intValue ?? 1), limits.min)
            guard let throttled = try? ConcurrencyRebalancer.throttle(
                agent: agent, maxConcurrent: cap, allocations: [agent: row.value.slots], limits: limits) else { return fail("cannot throttle \(agent)") }
            // A throttle over a throttle keeps what the agent had before the first.
            let before = row.value.slots
            row.value.slotsBeforeThrottle = row.value.slotsBeforeThrottle ?? row.value.slots
            row.value.slots = throttled.allocations[agent] ?? row.value.slots
            row.value.maxConcurrent = cap
            row.value.throttledUntil = now.adding(milliseconds: minutes * 60_000)
            row.value.reason = "\(throttled.explanation) for \(minutes) min (incident \(incident.id))"
            row.value.changedAt = now
            try record(row, previousSlots: before, change: &change, cause: incident.id)
            run.detail = row.value.reason
        case .reallocateSlots:
            guard let from = args["from"]?.stringValue, let to = args["to"]?.stringValue else { return fail("args.from and args.to are required") }
            let wanted = Int(args["slots"]?.intValue ?? 1)
            let donor = try await allocation(from, tenant: tenant, now: now)
            let taker = try await allocation(to, tenant: tenant, now: now)
            guard let moved = try? ConcurrencyRebalancer.reallocate(
                from: from, to: to, slots: wanted, allocations: [from: donor.value.slots, to: taker.value.slots], limits: rules.settings.concurrency)
            else { return fail("cannot move slots from \(from) to \(to)") }
            guard moved.moved > 0 else { return fail(moved.explanation) }
            for var row in [donor, taker] {
                let before = row.value.slots
                row.value.slots = moved.allocations[row.value.agent] ?? row.value.slots
                row.value.reason = "\(moved.explanation) (incident \(incident.id))"
                row.value.changedAt = now
                try record(row, previousSlots: before, change: &change, cause: incident.id)
            }
            run.detail = moved.explanation
        case .rebalanceByROI, .throttleLowROI:
            let plan = try await rebalance(tenant: tenant, reserve: primitive == .throttleLowROI ? Int(args["reserveSlots"]?.intValue ?? 1) : nil,
                                           roiFloor: args["roiFloor"]?.doubleValue, cause: incident.id, change: &change, now: now)
            run.detail = plan
        case .estimateImpact:
            let name = args["agent"]?.stringValue ?? incident.agent
            let points = rules.declaredAgent(name, tenant: tenant)?.impactPointsPerHour ?? 1
            let row = try await allocation(name, tenant: tenant, now: now)
            run.response = .object(["agent": .string(name), "impactPointsPerHour": .double(points), "slots": .int(Int64(row.value.slots))])
            run.detail = "\(name) is worth \(points) impact points per hour on \(row.value.slots) slot(s)"
        case .checkFreshness:
            guard let source = args["source"]?.stringValue else { return fail("args.source is required") }
            let row = try await store.row(SourceRow.self, tenant: tenant, HealingRows.sources, source)?.value ?? SourceRow(name: source)
            let spec = rules.configuration.source(named: source)
            // The agent's own word counts: a STALE_DATA report on this source, sent after its last
            // refresh, says the data is stale whatever the contract's clock says.
            let signal = incident.lastSignal
            let reported = signal.context.errorCode == .staleData && signal.context.dependencies.contains(source)
                && row.lastRefreshedAt.map { signal.ts >= $0 } ?? true
            let stale = row.isStale(spec, now: now) || reported
            let age = row.lastRefreshedAt.map { Double(now.milliseconds(since: $0)) / 60_000 }
            run.response = .object([
                "source": .string(source), "stale": .bool(stale), "reachable": .bool(row.reachable), "declared": .bool(spec != nil),
                "reportedStale": .bool(reported),
                "ageMinutes": age.map(JSONValue.double) ?? .null, "targetMinutes": spec?.freshnessTargetMinutes.map { .int(Int64($0)) } ?? .null,
            ])
            if spec == nil {
                run.detail = "\(source) is not a source declared in steward.yaml: its freshness is unknown"
                    + (reported ? "; \(incident.agent) reported it stale" : "")
            } else if reported && !row.isStale(spec, now: now) {
                run.detail = "\(source) is stale: \(incident.agent) reported STALE_DATA after its last refresh"
            } else {
                run.detail = stale ? "\(source) is stale" : "\(source) is fresh"
            }
        case .refreshIfStale:
            let check = attempt.steps.last { $0.primitive == .checkFreshness }?.response
            guard let source = check?["source"]?.stringValue ?? incident.lastSignal.context.dependencies.first else {
                run.detail = "no source to refresh"
                return run
            }
            guard check?["stale"]?.boolValue ?? true else {
                run.detail = check?["declared"]?.boolValue == false
                    ? "\(source) is not a declared source and nobody reported it stale; nothing to refresh"
                    : "\(source) is fresh; nothing to refresh"
                return run
            }
            try await refreshOrFallBack(
                source, reportedStale: check?["reportedStale"]?.boolValue ?? false, index: index, attempt: &attempt, incident: incident, run: &run,
                change: &change, now: now)
        case .selectByBandit:
            guard case .array(let items)? = args["candidates"] else { return fail("args.candidates must list playbooks") }
            let names = items.compactMap(\.stringValue).filter { rules.configuration.playbook(named: $0) != nil }
            guard !names.isEmpty else { return fail("none of the candidates is a playbook") }
            let pick = try await banditPick(names, incident: incident)
            attempt.selected = pick.chosen
            attempt.choice?.byBandit = true
            attempt.choice?.explored = pick.explored
            attempt.choice?.reason = pick.reason
            // The incident's choice is its first attempt's: a later attempt does not rewrite it.
            if attempt.number == 1 {
                incident.choice?.byBandit = true
                incident.choice?.explored = pick.explored
                incident.choice?.reason = pick.reason
            }
            run.detail = pick.reason
            run.response = .object(["selected": .string(pick.chosen), "explored": .bool(pick.explored)])
        case .executeSelected:
            guard let name = attempt.selected, let playbook = rules.configuration.playbook(named: name) else {
                return fail("selectByBandit did not select a playbook before executeSelected")
            }
            attempt.plan.insert(contentsOf: playbook.steps.filter { $0.primitive != .selectByBandit && $0.primitive != .executeSelected }, at: index + 1)
            run.detail = "running \(name)'s \(playbook.steps.count) step(s)"
        default:
            return fail("\(primitive.rawValue) is not a builtin")
        }
        return run
    }

    /// Writes an allocation with its ledger entry; `cause` is the incident (or `rebalancer`), and
    /// `previousSlots` what the agent had, so an auditor reads the move in figures, not prose.
    func record(_ row: (value: AllocationRow, version: Int64), previousSlots: Int, change: inout HealingChange, cause: String) throws(HealingError) {
        try change.put(HealingRows.allocations, row.value.agent, row.value, status: row.value.status, expectedVersion: row.version)
        change.log("allocation.changed", subject: HealingRows.subject(agent: row.value.agent), [
            "agent": .string(row.value.agent), "slots": .int(Int64(row.value.slots)), "previousSlots": .int(Int64(previousSlots)),
            "reason": .string(row.value.reason), "cause": .string(cause), "maxConcurrent": row.value.maxConcurrent.map { .int(Int64($0)) } ?? .null,
        ])
        change.changedAllocations.append(row.value)
    }

    /// An agent's allocation row (its configured slots when it has none yet).
    func allocation(_ agent: String, tenant: String, now: Timestamp) async throws(HealingError) -> (value: AllocationRow, version: Int64) {
        if let row = try await store.row(AllocationRow.self, tenant: tenant, HealingRows.allocations, agent) { return row }
        return (initialAllocation(agent, tenant: tenant, now: now), 0)
    }

    /// Several agents' allocation rows in one read (the fleet's, for a rebalance).
    func allocations(_ agents: [String], tenant: String, now: Timestamp) async throws(HealingError) -> [String: (value: AllocationRow, version: Int64)] {
        let docs: [ProjectionDocument]
        do { docs = try await store.projections(tenant: tenant, keys: agents.map { DocumentKey(HealingRows.allocations, $0) }) } catch {
            throw .store(error)
        }
        var rows: [String: (value: AllocationRow, version: Int64)] = [:]
        for doc in docs { rows[doc.id] = (try store.decodeRow(AllocationRow.self, doc), doc.version) }
        for agent in agents where rows[agent] == nil { rows[agent] = (initialAllocation(agent, tenant: tenant, now: now), 0) }
        return rows
    }

    /// The slots an agent starts with: its configured ones, else the minimum.
    private func initialAllocation(_ agent: String, tenant: String, now: Timestamp) -> AllocationRow {
        let slots = rules.declaredAgent(agent, tenant: tenant)?.slots ?? rules.settings.concurrency.min
        return AllocationRow(agent: agent, slots: slots, reason: "initial allocation", changedAt: now)
    }

    /// The agents in a conflict with the incident's: those claiming its directive or naming its conflict.
    func conflictPeers(_ incident: Incident, now: Timestamp) async throws(HealingError) -> [AgentRecord] {
        var peers = try await claimants(of: incident.lastSignal.context.directiveId, tenant: incident.tenant, except: incident.agent, now: now)
        if let conflict = incident.lastSignal.context.conflictId {
            let all = try await store.rows(AgentRecord.self, ProjectionQuery(tenant: incident.tenant, collection: HealingRows.agents, limit: 1000))
            for (agent, _) in all where agent.name != incident.agent && agent.lastSignal?.context.conflictId == conflict && !peers.contains(where: { $0.name == agent.name }) {
                peers.append(agent)
            }
        }
        return peers
    }

    private func rank(_ name: String, peers: [AgentRecord], incident: Incident, order: [Domain]) -> Int {
        let domain = name == incident.agent ? incident.domain : (peers.first { $0.name == name }?.domain ?? .executive)
        return order.firstIndex(of: domain) ?? (order.count + rules.priorityRank(domain))
    }

    static func domains(_ value: JSONValue) -> [Domain]? {
        guard case .array(let items) = value else { return nil }
        let parsed = items.compactMap { $0.stringValue.flatMap(Domain.init(rawValue:)) }
        return parsed.isEmpty ? nil : parsed
    }
}
