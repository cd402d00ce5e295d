public import Logging
public import StewardCore

/// The one path every action takes: propose → gate → (approval) → execution → outcome, each step a
/// commit of the action's row, its ledger entries and the counters it moves.
public final class ActionSpine: Sendable {
    let store: any Store
    let rules: SpineRules
    let clock: any WallClock
    let state: GateState
    let runner: ActionRunner
    let alerts: SpineAlerts
    let logger: Logger
    let newID: @Sendable () -> String
    /// Told of every change after a proposal (the remediation loop listens).
    public let observers = ActionObservers()

    /// A spine over `store`, deciding by `rules`, executing through `runner`.
    public init(
        store: any Store, rules: SpineRules, clock: any WallClock, runner: ActionRunner, alerts: SpineAlerts, logger: Logger,
        newID: (@Sendable () -> String)? = nil
    ) {
        self.store = store
        self.rules = rules
        self.clock = clock
        self.state = GateState(store: store, rules: rules)
        self.runner = runner
        self.alerts = alerts
        self.logger = logger
        self.newID = newID ?? { [clock] in ActionSpine.timeOrderedID(at: clock.now()) }
    }

    /// `act_` and 16 random hex digits.
    @Sendable public static func randomID() -> String {
        var generator = SystemRandomNumberGenerator()
        return "act_" + Digest.hex((0..<8).map { _ in UInt8.random(in: 0...255, using: &generator) })
    }

    /// `act_`, the millisecond `at` as 12 hex digits, and 12 random hex digits: listings, which
    /// go in id order, then give the inbox and an agent's queue oldest first.
    @Sendable public static func timeOrderedID(at: Timestamp) -> String {
        var generator = SystemRandomNumberGenerator()
        let ms = UInt64(max(0, at.millisecondsSinceEpoch))
        let time = (0..<6).reversed().map { UInt8(truncatingIfNeeded: ms >> (8 * UInt64($0))) }
        return "act_" + Digest.hex(time + (0..<6).map { _ in UInt8.random(in: 0...255, using: &generator) })
    }

    /// The rules in force.
    public var spineRules: SpineRules { rules }

    /// A fresh action id.
    public func makeID() -> String { newID() }

    /// The configured action type named `name`.
    public func actionType(named name: String) -> ActionType? { rules.types[name] }

    /// Every problem with a proposal's fields, without deciding it (the API reports them with its own).
    public func problems(with proposal: ActionProposal) -> [SpineError.FieldProblem] {
        do {
            _ = try ProposalCheck.validate(proposal, rules: rules)
            return []
        } catch {
            if case .invalid(let problems) = error { return problems }
            return []
        }
    }

    /// Proposes an action: decides it, records the decision and, when it may run alone, starts it.
    public func propose(_ proposal: ActionProposal, actor: String) async throws(SpineError) -> ActionRecord {
        try await proposeEncoded(proposal, actor: actor) { _ in nil }.record
    }

    /// Proposes an action and returns it with its JSON, encoded once for the state row, the
    /// stored idempotent answer and the response.
    ///
    /// - Parameter answer: the idempotency record to store with the decision, built from the
    ///   action's JSON (the API's response); nil without an `Idempotency-Key`.
    /// - Parameter rerun: the action whose intent this proposal repeats, and the person's note.
    public func proposeEncoded(
        _ proposal: ActionProposal, actor: String, rerun: ActionRerun? = nil, answer: (JSONValue) throws -> IdempotencyRecord?
    ) async throws(SpineError) -> (record: ActionRecord, json: JSONValue) {
        let type = try ProposalCheck.validate(proposal, rules: rules)
        // A counter that reached its limit, or a kill switch engaged, meanwhile fails the commit;
        // deciding again sees it.
        for attempt in 0..<8 {
            let now = clock.now()
            let reading = try await state.reading(for: proposal, type: type, now: now)
            let input = reading.input
            let decision = Gate.decide(input, settings: rules.gate)
            var record = ActionRecord(
                proposal: proposal, status: .blocked, decision: decision, predictedSuccess: input.successProbability,
                createdAt: now, updatedAt: now, idempotencyKey: proposal.id)
            record.proposedBy = actor
            record.rerunOf = rerun?.original
            var t = ActionTransition(record: record, expectedVersion: 0)
            settle(&t, decision: decision, type: type, now: now, accountLimit: input.budget.accountDailyLimit, budget: reading.budget)
            if decision.outcome == .autoExecute { t.preconditions.append(reading.autonomyUnchanged(tenant: proposal.tenant)) }
            t.trackOpen(from: nil, decidedAt: decision.producesAction ? now : nil, limit: openLimit(for: proposal, input: input))
            let body = try t.encodedRecord()
            // Everything the gate read, and what it decided: replay decides again from this.
            var proposed: [String: JSONValue] = [
                "action": .string(proposal.id), "input": encode(input), "decision": body["decision"] ?? encode(decision),
            ]
            if let rerun {
                proposed["rerunOf"] = .string(rerun.original)
                t.related.append(rerun.entry(rerunAs: proposal.id, by: actor))
            }
            t.entries.insert(("action.proposed", .object(proposed)), at: 0)
            let idempotency: IdempotencyRecord?
            do {
                idempotency = try answer(body)
            } catch {
                throw .invalid([.init(field: "body", reason: "cannot be answered: \(error)")])
            }
            do {
                _ = try await store.commit(try t.commit(body: body, actor: actor, revision: rules.revision, now: now, idempotency: idempotency))
            } catch let error as StoreError where error.code == .conflict && attempt < 7 {
                continue
            } catch let error as StoreError {
                throw .store(error)
            } catch let error as SpineError {
                throw error
            } catch {
                throw .store(StoreError(.unavailable, operation: "propose", reason: "\(error)"))
            }
            await afterCommit(t.record, decided: true, accountLimit: input.budget.accountDailyLimit, budget: reading.budget)
            return (t.record, body)
        }
        throw .conflict("the action's counters kept changing under it; try again")
    }

    /// The gate's decision for a proposal, without recording or changing anything.
    public func evaluate(_ proposal: ActionProposal) async throws(SpineError) -> (input: GateInput, decision: GateDecision) {
        let type = try ProposalCheck.validate(proposal, rules: rules)
        let input = try await state.input(for: proposal, type: type, now: clock.now())
        return (input, Gate.decide(input, settings: rules.gate))
    }

    /// The open actions the cost gate allows the proposal's account, held at commit; nil for a
    /// person's request, which the cost gate lets through whatever is open.
    func openLimit(for proposal: ActionProposal, input: GateInput) -> Int? {
        proposal.trigger == .person ? nil : CostGate.openActionLimit(rules.gate.costGate, tier: input.activity.tier)
    }

    /// Applies a gate decision to a transition: status, charges, escalation count, execution start.
    func settle(_ t: inout ActionTransition, decision: GateDecision, type: ActionType, now: Timestamp, accountLimit: Int, budget: DailyBudget) {
        let day = now.utcDay
        switch decision.outcome {
        case .autoExecute:
            chargeAsAutopilot(&t, type: type, budget: budget, accountLimit: accountLimit, now: now)
            start(&t, type: type, now: now, by: "autopilot")
        case .requireApproval:
            t.record.status = .pendingApproval
            t.record.expiresAt = now.adding(milliseconds: Int64(type.approval.expiresAfterMinutes) * 60_000)
            if decision.escalation?.pages == true {
                t.countEscalation(cap: rules.configuration.remediation.maxEscalationsPerDay, day: day)
                t.log("escalation.raised", ["reason": .string(decision.reason), "options": encode(decision.escalation)])
            }
        case .defer_:
            t.record.status = .deferred
        case .block:
            t.record.status = .blocked
        }
        t.record.updatedAt = now
    }

    /// Charges a run without a person (autopilot's, or an expiry's that approves) to `budget` and
    /// counts it against the account's autonomy budget. It reserves no further than the risk gate
    /// allows: concurrent charges cannot push the budget part of the risk score past the threshold.
    func chargeAsAutopilot(_ t: inout ActionTransition, type: ActionType, budget: DailyBudget, accountLimit: Int, now: Timestamp) {
        let riskLimit = RiskAssessment.spendingLimit(t.record.proposal, type: type, capUsd: budget.capUsd, threshold: rules.gate.riskThreshold)
        t.chargeBudget(cost: type.costUsd, to: budget, cap: min(budget.capUsd, riskLimit), day: now.utcDay)
        t.countAutonomous(limit: accountLimit, at: now)
    }

    /// Marks the action as running (or handed to its agent) and logs it, before anything is called.
    func start(_ t: inout ActionTransition, type: ActionType, now: Timestamp, by: String) {
        let executor = rules.executor(of: type, agent: t.record.proposal.agent, tenant: t.record.proposal.tenant)
        t.record.execution = ExecutionRecord(executor: executor.kind, startedAt: now)
        if case .record = executor {
            t.record.status = .dispatched
            t.log("action.dispatched", ["by": .string(by)])
        } else {
            t.record.status = .executing
            t.log("action.execution_started", ["executor": .string(executor.kind), "idempotencyKey": .string(t.record.idempotencyKey)])
        }
    }

    /// What follows a durable change: execution, warnings about `budget` (the one the change
    /// charged, as read for it) and, for a new decision, paging.
    func afterCommit(_ record: ActionRecord, decided: Bool, accountLimit: Int? = nil, budget: DailyBudget? = nil) async {
        if record.status == .executing, let type = rules.types[record.proposal.type] {
            runner.start(record, type: type, spine: self)
        }
        if decided, let escalation = record.decision.escalation, escalation.pages, record.status == .pendingApproval {
            await alerts.escalation(record)
        }
        if record.chargedUsd > 0, let budget {
            await alerts.checkBudget(budget, tenant: record.proposal.tenant, day: record.updatedAt.utcDay, rules: rules, actor: "steward")
        }
        if decided, record.decision.outcome == .autoExecute, let account = record.proposal.account, let accountLimit {
            await alerts.checkAutonomyBudget(
                tenant: record.proposal.tenant, account: account, day: record.updatedAt.utcDay, limit: accountLimit, rules: rules, actor: "steward")
        }
    }

    func encode(_ value: some Encodable) -> JSONValue {
        (try? JSONValueEncoder.encode(value)) ?? .null
    }
}
