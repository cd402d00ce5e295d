import Foundation
public import StewardCore

/// What people do to actions: approve (with edits), reject, and label outcomes later.
extension ActionSpine {
    /// One action of the tenant, with its row version.
    public func action(_ id: String, tenant: String) async throws(SpineError) -> (record: ActionRecord, version: Int64) {
        guard ProposalCheck.isName(id), let row = try await state.row(tenant, SpineRows.actions, id) else { throw .notFound("action '\(id)'") }
        return (try state.decode(ActionRecord.self, row), row.version)
    }

    /// Actions of the tenant, filtered by status, account and agent, in id order after `after`;
    /// `within` keeps only those agents' actions (a bound agent key's reading).
    ///
    /// While the kill switch is engaged, a listing of `dispatched` actions leaves out Steward's own
    /// (remediation steps, refresh requests, allocation pushes): that list is the work agents
    /// without an executor poll, and nothing Steward started runs without a person meanwhile.
    /// They are offered again at release; `includingPaused` lists them anyway (Steward's own reads).
    public func actions(
        tenant: String, status: ActionStatus?, account: String?, agent: String?, within agents: [String]? = nil, after: String?, limit: Int,
        includingPaused: Bool = false
    ) async throws(SpineError) -> [ActionRecord] {
        var paused = false
        if status == .dispatched, !includingPaused { paused = try await state.tenantAutonomy(tenant).killSwitch.engaged }
        if account == nil, let wanted = Self.agents(agent, within: agents) {
            return try await actions(of: wanted, tenant: tenant, status: status, after: after, limit: limit, paused: paused)
        }
        var found: [ActionRecord] = []
        var cursor = after
        // With an account, its index narrows the read; the agent and the trigger are checked on
        // each row: read pages until enough rows match.
        let filtered = agent != nil || agents != nil
        let page = !filtered && !paused ? limit : 500
        while true {
            let rows: [ProjectionDocument]
            do {
                rows = try await store.projections(ProjectionQuery(
                    tenant: tenant, collection: SpineRows.actions, status: status?.rawValue, ref: account, afterID: cursor, limit: page))
            } catch {
                throw .store(error)
            }
            for row in rows {
                let record = try state.decode(ActionRecord.self, row)
                let withheld = paused && record.proposal.trigger == .remediation
                let agentMatches = (agent == nil || record.proposal.agent == agent) && (agents?.contains(record.proposal.agent) ?? true)
                if agentMatches && !withheld { found.append(record) }
                if found.count == limit { return found }
            }
            guard filtered || paused, rows.count == page, let last = rows.last else { return found }
            cursor = last.id
        }
    }

    /// The agents a listing is limited to: `agent` if `within` allows it, else `within`; nil for all.
    static func agents(_ agent: String?, within: [String]?) -> [String]? {
        guard let agent else { return within }
        return within.map { $0.contains(agent) ? [agent] : [] } ?? [agent]
    }

    /// `agents`' actions through the index by agent, in id order.
    private func actions(
        of agents: [String], tenant: String, status: ActionStatus?, after: String?, limit: Int, paused: Bool
    ) async throws(SpineError) -> [ActionRecord] {
        var found: [ActionRecord] = []
        var cursor = after
        let page = max(limit, 100)
        while true {
            let ids: [String]
            let rows: [ProjectionDocument]
            do {
                ids = try await ActionAgentIndex.ids(of: agents, tenant: tenant, status: status, after: cursor, limit: page, store: store)
                rows = try await store.projections(tenant: tenant, keys: ids.map { DocumentKey(SpineRows.actions, $0) })
            } catch {
                throw .store(error)
            }
            let byID = Dictionary(rows.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
            for id in ids {
                guard let row = byID[id] else { continue }
                let record = try state.decode(ActionRecord.self, row)
                // The row may have moved on since its index row was read.
                guard status.map({ record.status == $0 }) ?? true, !(paused && record.proposal.trigger == .remediation) else { continue }
                found.append(record)
                if found.count == limit { return found }
            }
            guard ids.count == page, let last = ids.last else { return found }
            cursor = last
        }
    }

    /// Every action of the tenant waiting for a person, in id order.
    public func pendingActions(tenant: String) async throws(SpineError) -> [ActionRecord] {
        try await allActions(tenant: tenant, status: .pendingApproval)
    }

    /// Every action of the tenant in `status`, in id order, read a page at a time (Steward's own
    /// reads: paused steps included).
    func allActions(tenant: String, status: ActionStatus) async throws(SpineError) -> [ActionRecord] {
        var all: [ActionRecord] = []
        var cursor: String?
        while true {
            let page = try await actions(tenant: tenant, status: status, account: nil, agent: nil, after: cursor, limit: 1000, includingPaused: true)
            all += page
            guard page.count == 1000, let last = page.last else { return all }
            cursor = last.proposal.id
        }
    }

    /// Actions the risk gate held for a person with two options (its escalations), oldest first.
    public func escalatedActions(tenant: String, limit: Int) async throws(SpineError) -> [ActionRecord] {
        var held = try await pendingActions(tenant: tenant).filter { $0.decision.escalation != nil }
        held.sort { (a: ActionRecord, b: ActionRecord) -> Bool in
            a.createdAt != b.createdAt ? a.createdAt < b.createdAt : a.proposal.id < b.proposal.id
        }
        return Array(held.prefix(limit))
    }

    /// Records a person's approval; with enough distinct approvers the action runs.
    public func approve(
        _ id: String, tenant: String, by approver: String, params edited: JSONValue?, note: String?
    ) async throws(SpineError) -> ActionRecord {
        if let edited, case .object = edited {} else if edited != nil {
            throw .invalid([.init(field: "params", reason: "must be a JSON object")])
        }
        if let edited, let bytes = try? CanonicalJSON.encode(edited), bytes.count > ProposalCheck.maxParamsBytes {
            throw .invalid([.init(field: "params", reason: "is \(bytes.count) bytes; at most \(ProposalCheck.maxParamsBytes)")])
        }
        if let note, note.count > 2000 { throw .invalid([.init(field: "note", reason: "must be at most 2000 characters")]) }
        for _ in 0..<8 {
            let (record, version) = try await action(id, tenant: tenant)
            let now = clock.now()
            try requirePending(record, now: now, verb: "approved")
            guard let type = rules.types[record.proposal.type] else { throw .conflict("action type '\(record.proposal.type)' is no longer configured") }
            if !type.approval.proposerMayApprove, record.proposedBy == approver {
                throw .conflict("\(approver) proposed this action, and \(type.name) separates the duties (approval.proposerMayApprove: false): another person approves it")
            }
            if record.approvals.contains(where: { $0.by == approver }) {
                throw .conflict("\(approver) already approved this action; it needs \(type.approval.approvers) distinct approvers")
            }
            var t = ActionTransition(record: record, expectedVersion: version)
            // Params equal as JSON values (`5.0` and `5`, keys in another order) are no edit: the
            // other approvals stand and no IDEA_EDITED is learned.
            let changes = edited.map { !Self.sameJSON($0, t.record.effectiveParams) } ?? false
            t.record.approvals.append(Approval(by: approver, at: now, edited: changes, note: note))
            if let edited, changes {
                try await requirePolicyAllows(edited, for: record, type: type, now: now)
                applyEdit(edited, to: &t, by: approver, note: note, now: now)
            }
            t.record.updatedAt = now
            var charged: DailyBudget?
            if t.record.approvals.count < type.approval.approvers {
                t.log("action.approval_recorded", [
                    "by": .string(approver), "approvals": .int(Int64(t.record.approvals.count)),
                    "required": .int(Int64(type.approval.approvers)),
                ])
            } else {
                let budget = DailyBudget.of(record.proposal, in: rules.configuration, autonomy: try await state.tenantAutonomy(tenant))
                try await requireBudget(budget, for: type, tenant: tenant, now: now)
                t.log("action.approved", ["by": .string(approver), "edited": .bool(t.record.editedParams != nil)])
                t.chargeBudget(cost: type.costUsd, to: budget, day: now.utcDay)
                start(&t, type: type, now: now, by: approver)
                charged = budget
            }
            t.trackOpen(from: record.status, decidedAt: nil)
            guard try await commitOrRetry(t, actor: approver, now: now) else { continue }
            await afterCommit(t.record, decided: false, budget: charged)
            return t.record
        }
        throw .conflict("the action kept changing while it was being approved; try again")
    }

    /// Rejects a pending action.
    public func reject(_ id: String, tenant: String, by person: String, reason: String) async throws(SpineError) -> ActionRecord {
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...2000).contains(reason.count) else { throw .invalid([.init(field: "reason", reason: "must be 1 to 2000 characters")]) }
        for _ in 0..<8 {
            let (record, version) = try await action(id, tenant: tenant)
            let now = clock.now()
            try requirePending(record, now: now, verb: "rejected")
            var t = ActionTransition(record: record, expectedVersion: version)
            t.record.status = .rejected
            t.record.rejection = Rejection(by: person, at: now, reason: reason)
            t.record.updatedAt = now
            t.label(.ideaRejected, at: now, by: person, detail: reason)
            t.log("action.rejected", ["by": .string(person), "reason": .string(reason)])
            t.trackOpen(from: record.status, decidedAt: nil)
            if try await commitOrRetry(t, actor: person, now: now) { return t.record }
        }
        throw .conflict("the action kept changing while it was being rejected; try again")
    }

    /// Records an outcome that arrives from outside: an agent's report on a dispatched action,
    /// a later response (NO_RESPONSE, NEGATIVE_RESPONSE), or a rollback.
    public func recordOutcome(
        _ id: String, tenant: String, by reporter: String, label: OutcomeLabel?, detail: String?, rollback: Bool
    ) async throws(SpineError) -> ActionRecord {
        guard label != nil || rollback else { throw .invalid([.init(field: "label", reason: "give a label, a rollback, or both")]) }
        if let label, label == .ideaRejected || label == .ideaEdited {
            throw .invalid([.init(field: "label", reason: "\(label.rawValue) is recorded by rejecting or approving with edits")])
        }
        for _ in 0..<8 {
            let (record, version) = try await action(id, tenant: tenant)
            // Steward stopped waiting for it: a late "succeeded" must not pass for a fix.
            if record.status == .withdrawn { throw refuseReport(on: record) }
            let now = clock.now()
            var t = ActionTransition(record: record, expectedVersion: version)
            t.record.updatedAt = now
            if let label {
                switch label {
                case .executionSucceeded, .executionFailed:
                    // An interrupted execution's result is unknown: the one report of someone who
                    // checked with the agent settles it (the record then says who said so).
                    let interrupted = record.status == .failed && record.execution?.interrupted == true
                    guard record.status == .dispatched || interrupted else {
                        throw .conflict(
                            "action is \(record.status.rawValue); \(label.rawValue) is reported only for dispatched actions, "
                                + "or once for an interrupted execution")
                    }
                    t.record.status = label == .executionSucceeded ? .succeeded : .failed
                    t.record.execution = ExecutionRecord(
                        executor: interrupted ? record.execution?.executor ?? "record" : "record",
                        startedAt: record.execution?.startedAt ?? record.updatedAt, finishedAt: now, attempts: record.execution?.attempts ?? 1,
                        succeeded: label == .executionSucceeded,
                        detail: interrupted ? "interrupted; \(reporter) reported \(label.rawValue)" + (detail.map { ": \($0)" } ?? "") : detail)
                case .noResponse, .negativeResponse:
                    guard record.status == .succeeded else {
                        throw .conflict("action is \(record.status.rawValue); \(label.rawValue) follows a successful execution only")
                    }
                    if record.outcomes.contains(where: { $0.label == label }) { throw .conflict("\(label.rawValue) is already recorded") }
                    let other: OutcomeLabel = label == .noResponse ? .negativeResponse : .noResponse
                    if record.outcomes.contains(where: { $0.label == other }) {
                        throw .conflict("\(other.rawValue) is already recorded; \(label.rawValue) contradicts it (the recipient either never answered or answered negatively)")
                    }
                case .ideaRejected, .ideaEdited:
                    break
                }
                t.label(label, at: now, by: reporter, detail: detail)
                t.log("action.outcome", [
                    "label": .string(label.rawValue), "detail": detail.map(JSONValue.string) ?? .null, "type": .string(record.proposal.type),
                    "trigger": .string(record.proposal.trigger.rawValue), "agent": .string(record.proposal.agent),
                    "autonomous": .bool(record.ranWithoutPerson),
                ])
            }
            if rollback {
                guard t.record.status == .succeeded || t.record.status == .failed else {
                    throw .conflict("action is \(t.record.status.rawValue); only an executed action can be rolled back")
                }
                guard record.rolledBackAt == nil else { throw .conflict("the action was already rolled back") }
                t.record.rolledBackAt = now
                t.log("action.rolled_back", [
                    "detail": detail.map(JSONValue.string) ?? .null, "type": .string(record.proposal.type),
                    "trigger": .string(record.proposal.trigger.rawValue),
                ])
            }
            t.trackOpen(from: record.status, decidedAt: nil)
            if try await commitOrRetry(t, actor: reporter, now: now) { return t.record }
        }
        throw .conflict("the action kept changing while its outcome was recorded; try again")
    }

    func requirePending(_ record: ActionRecord, now: Timestamp, verb: String) throws(SpineError) {
        guard record.status == .pendingApproval else {
            throw .conflict("action is \(record.status.rawValue); only a pending_approval action can be \(verb)")
        }
        if let expiry = record.expiresAt, expiry <= now {
            throw .conflict("the approval request expired at \(expiry.rfc3339)")
        }
    }

    /// Refuses before committing when today's `budget` cannot pay for the action.
    func requireBudget(_ budget: DailyBudget, for type: ActionType, tenant: String, now: Timestamp) async throws(SpineError) {
        guard type.costUsd > 0 else { return }
        let cap = budget.capUsd
        let spent = try await state.row(tenant, SpineRows.daily, SpineRows.tenantDay(now.utcDay))?.body[budget.field]?.doubleValue ?? 0
        if spent + type.costUsd > cap + 1e-9 {
            // "Exhausted" only when nothing is left: with money left, the budget is fine for
            // cheaper actions and only this one does not fit.
            let left = max(0, cap - spent)
            let state = left > 1e-9 ? "cannot pay for \(type.name)" : "is exhausted"
            throw .conflict("today's \(budget.name) \(state) (\(budget.clause)): \(type.name) costs \(FormattedUsd(type.costUsd)) and \(FormattedUsd(left)) of \(FormattedUsd(cap)) is left")
        }
    }

    /// Commits a transition; false when the row or a counter moved meanwhile (read again and retry).
    func commitOrRetry(_ t: ActionTransition, actor: String, now: Timestamp) async throws(SpineError) -> Bool {
        do {
            _ = try await store.commit(try t.commit(actor: actor, revision: rules.revision, now: now))
            await observers.notify(ActionChange(record: t.record, kinds: t.entries.map(\.kind)))
            return true
        } catch let error as StoreError where error.code == .conflict {
            return false
        } catch let error as StoreError {
            throw .store(error)
        } catch let error as SpineError {
            throw error
        } catch {
            throw .store(StoreError(.unavailable, operation: "commit", reason: "\(error)"))
        }
    }
}
