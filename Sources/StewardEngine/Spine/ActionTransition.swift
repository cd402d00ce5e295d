import StewardCore

/// One change of an action, as one commit: the new state row, the ledger entries that say what
/// happened, and the counters it moves. Built without I/O; the spine commits it.
struct ActionTransition {
    var record: ActionRecord
    var entries: [(kind: String, payload: JSONValue)] = []
    /// Entries about another subject the change concerns (the action a re-run repeats).
    var related: [(subject: String, kind: String, payload: JSONValue)] = []
    var tallies: [Tally] = []
    /// Other rows that must still be as they were read (the autonomy row behind a decision to run alone).
    var preconditions: [ProjectionPrecondition] = []
    /// The row version the change was computed from (0: the action is new).
    var expectedVersion: Int64
    /// The status before the change (nil: the action is new).
    let previousStatus: ActionStatus?

    init(record: ActionRecord, expectedVersion: Int64) {
        self.record = record
        self.expectedVersion = expectedVersion
        self.previousStatus = expectedVersion == 0 ? nil : record.status
    }

    mutating func log(_ kind: String, _ payload: [String: JSONValue]) {
        var payload = payload
        payload["action"] = .string(record.proposal.id)
        entries.append((kind, .object(payload)))
    }

    /// Charges the action's cost to `budget` on the tenant's day, refusing to pass `cap` (the
    /// budget's own cap, or a lower one the caller sets).
    mutating func chargeBudget(cost: Double, to budget: DailyBudget, cap: Double? = nil, day: String) {
        guard cost > 0 else { return }
        record.chargedUsd += cost
        tallies.append(Tally(
            tenant: record.proposal.tenant, collection: SpineRows.daily, id: SpineRows.tenantDay(day),
            increments: [budget.field: cost], limits: [budget.field: cap ?? budget.capUsd], decimals: [budget.field: RoundedUsd.decimals]))
    }

    /// Counts an autonomous action against the account's daily autonomy budget, and keeps when the
    /// day's last one ran (`lastAt`), which the day's digest must cover before scheduled runs go on.
    mutating func countAutonomous(limit: Int, at now: Timestamp) {
        guard let account = record.proposal.account else { return }
        tallies.append(Tally(
            tenant: record.proposal.tenant, collection: SpineRows.daily, id: SpineRows.accountDay(account, now.utcDay),
            increments: ["autonomous": 1], limits: ["autonomous": Double(limit)],
            maxima: [SpineRows.lastAutonomousAt: Double(now.millisecondsSinceEpoch)]))
    }

    /// Counts a paging escalation against the tenant's daily cap.
    mutating func countEscalation(cap: Int, day: String) {
        tallies.append(Tally(
            tenant: record.proposal.tenant, collection: SpineRows.daily, id: SpineRows.tenantDay(day),
            increments: ["escalations": 1], limits: ["escalations": Double(cap)]))
    }

    /// Moves the account's open-action count when the status crosses between open and settled.
    ///
    /// - Parameter limit: the most open actions the account may hold after this one opens (the
    ///   cost gate's `maxOpenActions`); a commit that would pass it fails, and deciding again sees it.
    mutating func trackOpen(from old: ActionStatus?, decidedAt: Timestamp?, limit: Int? = nil) {
        guard let account = record.proposal.account else { return }
        let delta = (record.status.isOpen ? 1.0 : 0) - ((old?.isOpen ?? false) ? 1.0 : 0)
        var maxima: [String: Double] = [:]
        if let decidedAt { maxima["lastDecisionAt"] = Double(decidedAt.millisecondsSinceEpoch) }
        guard delta != 0 || !maxima.isEmpty else { return }
        tallies.append(Tally(
            tenant: record.proposal.tenant, collection: SpineRows.counters, id: SpineRows.account(account),
            increments: delta != 0 ? ["open": delta] : [:], limits: delta > 0 ? limit.map { ["open": Double($0)] } ?? [:] : [:],
            maxima: maxima))
    }

    /// Feeds an outcome label to the learned statistics of (type, agent).
    mutating func learn(_ label: OutcomeLabel) {
        let w = BetaPosterior.weights(of: label)
        let p = record.proposal
        tallies.append(Tally(
            tenant: p.tenant, collection: SpineRows.stats, id: SpineRows.stats(type: p.type, agent: p.agent),
            increments: ["alpha": w.alpha, "beta": w.beta, "n.\(label.rawValue)": 1]))
    }

    /// Adds an outcome label to the record and to the statistics.
    mutating func label(_ label: OutcomeLabel, at: Timestamp, by: String, detail: String?) {
        record.outcomes.append(OutcomeEntry(label: label, at: at, by: by, detail: detail))
        learn(label)
    }

    /// The commit, with the request's idempotency record if any.
    func commit(actor: String, revision: String, now: Timestamp, idempotency: IdempotencyRecord? = nil) throws(SpineError) -> StoreCommit {
        try commit(body: encodedRecord(), actor: actor, revision: revision, now: now, idempotency: idempotency)
    }

    /// The record as its state row holds it (encoded once, reused for the row and the answer).
    func encodedRecord() throws(SpineError) -> JSONValue {
        do {
            return try JSONValueEncoder.encode(record)
        } catch {
            throw .invalid([.init(field: "params", reason: "cannot be recorded: \(error)")])
        }
    }

    /// The commit of the already encoded record `body`.
    func commit(body: JSONValue, actor: String, revision: String, now: Timestamp, idempotency: IdempotencyRecord?) throws(SpineError) -> StoreCommit {
        let p = record.proposal
        do {
            let drafts = try entries.map { entry in
                try LedgerDraft(
                    tenant: p.tenant, ts: now, kind: entry.kind, subject: "action:\(p.id)", actor: actor,
                    payload: entry.payload, configRevision: revision)
            } + related.map { entry in
                try LedgerDraft(
                    tenant: p.tenant, ts: now, kind: entry.kind, subject: entry.subject, actor: actor, payload: entry.payload,
                    configRevision: revision)
            }
            let row = ProjectionDocument(
                tenant: p.tenant, collection: SpineRows.actions, id: p.id, status: record.status.rawValue, ref: p.account, body: body)
            // The hour's governance counters move in the same transaction as the entries.
            var counters = tallies
            let label = entries.contains { $0.kind == "action.executed" || $0.kind == "action.outcome" } ? record.outcomes.last?.label : nil
            let increments = GovernanceHours.increments(
                kinds: entries.map(\.kind), type: p.type, outcome: record.decision.outcome, label: label, rejected: record.status == .rejected)
            if !increments.isEmpty {
                counters.append(Tally(tenant: p.tenant, collection: GovernanceHours.collection, id: GovernanceHours.id(now), increments: increments))
            }
            // The agent index row moves with the status (``SpineRows/actionAgents``).
            let index = previousStatus == record.status ? [] : [ProjectionChange.put(ActionAgentIndex.row(of: record))]
            return StoreCommit(
                drafts: drafts, projections: [.put(row)] + index + counters.map(ProjectionChange.tally),
                preconditions: [ProjectionPrecondition(tenant: p.tenant, collection: SpineRows.actions, id: p.id, expectedVersion: expectedVersion)]
                    + preconditions,
                idempotency: idempotency)
        } catch let error as SpineError {
            throw error
        } catch {
            throw .invalid([.init(field: "params", reason: "cannot be recorded: \(error)")])
        }
    }
}
