import StewardCore

extension Remediator {
    /// Starts a step: a builtin runs at once; an agent primitive is proposed through the spine
    /// under an id derived from the incident, so a resumed loop never proposes it twice (a `fresh`
    /// incident's steps were all proposed from memory: there is nothing to look up).
    func start(
        _ step: PlaybookStep, index: Int, attempt: inout Attempt, incident: inout Incident, change: inout HealingChange, now: Timestamp,
        fresh: Bool = false
    ) async throws(HealingError) -> StepRun {
        var args: [String: JSONValue]
        let scope = try await scope(incident, attempt, for: step)
        switch StepArguments.resolve(step.args, scope: scope) {
        case .success(let resolved): args = resolved
        case .failure(let problem) where problem.field == "args.sourceVar":
            // The signal names no source: the incident's own, else the agent's declared
            // dependencies (seed 000 §4). With none either, there is nothing that could be stale
            // to check; a step that must act on a source fails, saying why.
            var found = incident.source
            if found == nil { found = try await declaredSource(of: incident, now: now) }
            guard let source = found else {
                let why = "\(problem.reason), and \(incident.agent) declares no dependencies in steward.yaml"
                return step.primitive == .checkFreshness
                    ? StepRun(primitive: step.primitive, args: step.args, status: .succeeded, detail: "no source to check: \(why)")
                    : StepRun(primitive: step.primitive, args: step.args, status: .failed, detail: "\(problem.field): \(why)")
            }
            var rest = step.args
            rest["sourceVar"] = nil
            switch StepArguments.resolve(rest, scope: scope) {
            case .success(let resolved): args = resolved
            case .failure(let other): return StepRun(primitive: step.primitive, args: step.args, status: .failed, detail: "\(other.field) \(other.reason)")
            }
            args["source"] = .string(source)
        case .failure where step.reads("losingAgent") && attempt.losingAgent == nil
            && attempt.steps.contains(where: { $0.primitive == .applyPriorityRules && $0.status == .succeeded }):
            // Arbitration found nobody else claiming the work: the conflict ended on its own, and
            // there is no losing agent to act on. That is not a failed fix.
            return StepRun(
                primitive: step.primitive, args: step.args, status: .succeeded,
                detail: "no losing agent to act on: applyPriorityRules found no other agent claiming the work")
        case .failure(let problem) where step.reads("lowestPriorityAgent"):
            let minimum = rules.settings.concurrency.repaired.min
            return StepRun(
                primitive: step.primitive, args: step.args, status: .failed,
                detail: "\(problem.field): no agent of tenant \(incident.tenant) can give \(incident.agent) slots: none of lower priority "
                    + "has slots above remediation.concurrency.min (\(minimum)), and none of the same or higher priority has "
                    + "\(Self.requestedSlots(step)) idle")
        case .failure where step.primitive == .splitDirective && step.reads("context.directiveId") && incident.lastSignal.context.directiveId == nil:
            // The directive id is optional in a signal (seed 001 §2): with none named there is no
            // directive to split, which is not a failed fix; verification judges the attempt.
            return StepRun(
                primitive: step.primitive, args: step.args, status: .succeeded,
                detail: "no directive to split: \(incident.agent)'s signal names no context.directiveId")
        case .failure(let problem):
            return StepRun(primitive: step.primitive, args: step.args, status: .failed, detail: "\(problem.field) \(problem.reason)")
        }
        if step.primitive.isBuiltin {
            let run = try await builtin(step.primitive, args: args, index: index, attempt: &attempt, incident: &incident, change: &change, now: now)
            change.builtins.append(BuiltinStep(tenant: incident.tenant, agent: incident.agent, primitive: step.primitive, args: args, succeeded: run.status == .succeeded))
            chargeBuiltin(step.primitive, succeeded: run.status == .succeeded, incident: &incident, change: &change, now: now)
            return run
        }
        let tries = (attempt.retriesUsed[String(index)] ?? 0) + 1
        let id = Self.actionID(incident: incident.id, attempt: attempt.number, step: index, try: tries)
        var run = StepRun(primitive: step.primitive, args: args, status: .running, action: id, tries: tries)
        if !fresh, let existing = try? await spine.action(id, tenant: incident.tenant) {
            return settle(run, with: existing.record, incident: &incident, attemptStartedAt: attempt.startedAt)
        }
        var params = args
        params["incident"] = .string(incident.id)
        params["attempt"] = .int(Int64(attempt.number))
        // The retry is told what the attempt decided about its data: read the fallback instead,
        // or go on degraded (QA r8 freshness M1: the decision was only in Steward's records).
        if step.primitive == .retryLastTask,
           let data = attempt.steps.last(where: { $0.primitive == .refreshIfStale && $0.response != nil })?.response {
            params["data"] = data
        }
        let proposal = ActionProposal(
            id: id, tenant: incident.tenant, agent: incident.agent, type: step.primitive.rawValue, params: .object(params),
            trigger: .remediation, impactPoints: 0)
        do {
            let record = try await spine.propose(proposal, actor: "steward")
            run = settle(run, with: record, incident: &incident, attemptStartedAt: attempt.startedAt)
        } catch {
            switch error {
            case .conflict:
                // Proposed by an earlier round that did not get to record it: read what it became.
                let (record, _) = try await action(id, tenant: incident.tenant)
                run = settle(run, with: record, incident: &incident, attemptStartedAt: attempt.startedAt)
            case .store(let e):
                throw .store(e)
            default:
                run.status = .failed
                run.detail = "the spine refused the step: \(error)"
            }
        }
        return run
    }

    /// A step's state from its action's: done, still running, waiting for a person, or failed.
    /// An action handed to an agent without an executor is still running: only the agent's
    /// report (`POST /v1/actions/{id}/outcome`) says whether the step did its work.
    func settle(_ run: StepRun, with record: ActionRecord, incident: inout Incident, attemptStartedAt: Timestamp) -> StepRun {
        var run = run
        let decision = record.decision
        switch record.status {
        case .succeeded:
            run.status = .succeeded
            run.detail = record.execution?.detail ?? "succeeded"
            run.response = record.execution?.response
            // Say why an answer's signal will not judge the attempt, so an integrator can see it.
            let answer = StepAnswer.read(
                run.response, agent: incident.agent, attemptStartedAt: attemptStartedAt, now: clock.now(), signals: rules.settings.signals)
            if let why = answer.ignoredBecause { run.detail += "; \(why)" }
        case .dispatched:
            run.status = .running
            run.detail = "handed to \(record.proposal.agent), which has no executor: waiting for it to report the outcome "
                + "(POST /v1/actions/\(record.proposal.id)/outcome) for up to \(rules.settings.verifyTimeoutSeconds) s"
        case .executing, .deferred:
            run.status = .running
            run.detail = record.status == .deferred ? "deferred by the cost gate: \(decision.explanation)" : "running"
        case .pendingApproval:
            run.status = .awaitingApproval
            run.detail = "a person must approve it: \(decision.explanation)"
        case .failed:
            run.status = .failed
            run.detail = record.execution?.detail ?? "failed"
            run.response = record.execution?.response
        case .blocked:
            run.status = .failed
            run.blocked = decision.reason
            run.detail = "blocked by the gate (\(decision.reason)): \(decision.explanation)"
        case .rejected:
            run.status = .failed
            run.rejectedBy = record.rejection?.by ?? "a person"
            run.detail = "rejected by \(record.rejection?.by ?? "a person"): \(record.rejection?.reason ?? "")"
        case .withdrawn:
            run.status = .failed
            run.detail = "withdrawn by Steward: \(record.withdrawal?.reason ?? "no longer wanted")"
        }
        if run.status != .running, run.status != .awaitingApproval, !incident.chargedActions.contains(record.proposal.id) {
            incident.costUsd += record.chargedUsd
            incident.chargedActions.append(record.proposal.id)
        }
        return run
    }

    /// The declared dependency of the incident's agent a `checkFreshness` without a source reads:
    /// the first one known to be stale, else the first; nil when it declares none.
    func declaredSource(of incident: Incident, now: Timestamp) async throws(HealingError) -> String? {
        let names = rules.declaredAgent(incident.agent, tenant: incident.tenant)?.dependencies ?? []
        for name in names {
            guard let row = try await store.row(SourceRow.self, tenant: incident.tenant, HealingRows.sources, name)?.value else { continue }
            if row.isStale(rules.configuration.source(named: name), now: now) { return name }
        }
        return names.first
    }

    /// What `...Var` arguments may read: the incident's newest signal, `agent`, `losingAgent`,
    /// `lowestPriorityAgent` and the `env.*` settings.
    /// A builtin with a cost (moving slots: `AUTOREM_COST_PER_REBALANCE`) that did its work is
    /// charged to the incident and to the day's remediation spending, as an agent step's action is.
    /// Counted, not capped: the step already ran, and the cap holds the next agent steps back.
    func chargeBuiltin(_ primitive: Primitive, succeeded: Bool, incident: inout Incident, change: inout HealingChange, now: Timestamp) {
        let cost = primitive.cost(rules.settings.costs)
        guard succeeded, cost > 0 else { return }
        incident.costUsd += cost
        let field = DailyBudget.remediation(rules.configuration).field
        change.tallies.append(Tally(
            tenant: incident.tenant, collection: SpineRows.daily, id: SpineRows.tenantDay(now.utcDay),
            increments: [field: cost], decimals: [field: RoundedUsd.decimals]))
    }

    func scope(_ incident: Incident, _ attempt: Attempt, for step: PlaybookStep) async throws(HealingError) -> JSONValue {
        var fields: [String: JSONValue] = [:]
        if case .object(let signal) = encode(incident.lastSignal) { fields = signal }
        for (name, value) in EnvironmentValues.values(rules.settings) { fields[name] = value }
        fields["agent"] = .string(incident.agent)
        // `revenue_first` in the seed's order: the policy the arbitration followed (QA r8 orchestration L2).
        fields["priorityPolicy"] = .string((rules.settings.priority.first?.rawValue.lowercased() ?? "revenue") + "_first")
        if let losing = attempt.losingAgent { fields["losingAgent"] = .string(losing) }
        // Reading every agent is only worth it for a step that names this one.
        if step.args.values.contains(.string("lowestPriorityAgent")),
           let donor = try await lowestPriorityAgent(tenant: incident.tenant, for: incident.agent, slots: Self.requestedSlots(step)) {
            fields["lowestPriorityAgent"] = .string(donor)
        }
        return .object(fields)
    }

    /// How many slots a step moves (`slots`, 1 when not given).
    static func requestedSlots(_ step: PlaybookStep) -> Int {
        step.args["slots"]?.intValue.map(Int.init) ?? 1
    }

    /// The agent to take slots from for `recipient`: of those above the minimum (a donor at the
    /// minimum can give nothing) that are of lower priority than the recipient, or have `slots`
    /// idle (priority is never inverted: Content does not take Revenue's busy slots), the one of
    /// lowest priority, then fewest impact points per hour, then most idle slots; nil when none can give.
    func lowestPriorityAgent(tenant: String, for recipient: String, slots wanted: Int) async throws(HealingError) -> String? {
        let all = try await decoded.rows(AgentRecord.self, ProjectionQuery(tenant: tenant, collection: HealingRows.agents, limit: 1000), store: store)
            .map(\.value)
        let recipientRank = all.first { $0.name == recipient }.map { rules.priorityRank($0.domain) } ?? Int.max
        let agents = all.filter { $0.name != recipient }
        let slots = try await allocations(agents.map(\.name), tenant: tenant, now: clock.now())
        let minimum = rules.settings.concurrency.repaired.min
        let donors = agents.compactMap { record -> SlotDonor? in
            guard let row = slots[record.name]?.value, row.slots > minimum else { return nil }
            let donor = SlotDonor(
                name: record.name, rank: rules.priorityRank(record.domain),
                impactPointsPerHour: rules.declaredAgent(record.name, tenant: tenant)?.impactPointsPerHour ?? 1,
                idleSlots: row.slots - min(row.slots, record.lastSignal?.context.queueDepth ?? 0))
            return donor.rank > recipientRank || donor.idleSlots >= wanted ? donor : nil
        }
        return donors.min(by: SlotDonor.givesFirst)?.name
    }
}

/// An agent that could give slots, with what orders the candidates.
struct SlotDonor {
    let name: String
    let rank: Int
    let impactPointsPerHour: Double
    let idleSlots: Int

    /// Lowest priority (highest rank) first, then fewest impact points, most idle slots, name.
    static func givesFirst(_ a: SlotDonor, _ b: SlotDonor) -> Bool {
        if a.rank != b.rank { return a.rank > b.rank }
        if a.impactPointsPerHour != b.impactPointsPerHour { return a.impactPointsPerHour < b.impactPointsPerHour }
        if a.idleSlots != b.idleSlots { return a.idleSlots > b.idleSlots }
        return a.name < b.name
    }
}
