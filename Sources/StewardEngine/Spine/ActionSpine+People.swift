import Foundation
public import StewardCore

/// What people do to actions: approve (with edits), reject, and label outcomes later.
extension ActionSpine {
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
            let changes = edited.map { !$0.isSameJSON(as: t.record.effectiveParams) } ?? false
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
                try await requireNoBlockingBreaker(record.proposal, type: type, now: now)
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
            // Who or what decided it, so an expiry does not read as a colleague's rejection (QA r9 console M1).
            let decided: String
            if let rejection = record.rejection {
                decided = rejection.by == "steward:expiry"
                    ? "the approval request expired at \(rejection.at.rfc3339) and was closed as rejected"
                    : "action was rejected by \(rejection.by) at \(rejection.at.rfc3339)"
            } else if let approval = record.approvals.last {
                decided = "action is \(record.status.rawValue), approved by \(approval.by) at \(approval.at.rfc3339)"
            } else {
                decided = "action is \(record.status.rawValue)"
            }
            throw .conflict("\(decided); only a pending_approval action can be \(verb)")
        }
        if let expiry = record.expiresAt, expiry <= now {
            throw .conflict("the approval request expired at \(expiry.rfc3339)")
        }
    }

    /// Refuses an approval while a breaker that refuses the action's type is open: the gate would
    /// refuse the same proposal now, and approving it must not be the way around (QA r7 breakers M2).
    /// Half-open breakers let approvals through: those are their probes.
    func requireNoBlockingBreaker(_ proposal: ActionProposal, type: ActionType, now: Timestamp) async throws(SpineError) {
        guard let breaker = try await state.blockingBreakers(for: proposal, now: now).first else { return }
        throw .conflict(
            "the circuit breaker '\(breaker.name)' is open (\(breaker.reason)) and refuses \(type.name) (blocks: true); "
                + "approve it once the breaker is half-open, or reset the breaker (POST /v1/breakers/{id}/reset)")
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
