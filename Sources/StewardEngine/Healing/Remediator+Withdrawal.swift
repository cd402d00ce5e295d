import StewardCore

extension Remediator {
    /// Withdraws, in `change`'s commit, an action the loop no longer waits for, so an agent
    /// polling its dispatched list does not carry out a step of an attempt or incident that has
    /// moved on. Nothing when it was settled meanwhile.
    func withdraw(
        _ record: ActionRecord, version: Int64, reason: String, incident: String?, change: inout HealingChange, now: Timestamp
    ) throws(HealingError) {
        do {
            guard let commit = try spine.withdrawal(of: record, version: version, reason: reason, incident: incident, now: now) else { return }
            change.withdrawals.append(commit)
        } catch {
            throw Self.healing(error)
        }
    }

    /// Withdraws the agent steps of an attempt that still wait (handed out, deferred, or waiting
    /// for approval) once the attempt ended: their answers would judge nothing.
    func withdrawWaitingSteps(of attempt: Attempt, incident: Incident, reason: String, change: inout HealingChange, now: Timestamp) async throws(HealingError) {
        for run in attempt.steps where run.status == .running || run.status == .awaitingApproval {
            guard let id = run.action else { continue }
            let (record, version) = try await action(id, tenant: incident.tenant)
            try withdraw(record, version: version, reason: reason, incident: incident.id, change: &change, now: now)
        }
    }

    /// Withdraws the freshness sweep's requests to refetch `source` still waiting for an agent
    /// (but `kept`), in `change`'s commit: the source was refreshed, or a newer request replaces them.
    func withdrawRefreshRequests(
        for source: String, except kept: String? = nil, tenant: String, reason: String, change: inout HealingChange, now: Timestamp
    ) async throws(HealingError) {
        let waiting: [ActionRecord]
        do {
            waiting = try await spine.actions(tenant: tenant, status: .dispatched, account: nil, agent: nil, after: nil, limit: 1000, includingPaused: true)
        } catch {
            throw Self.healing(error)
        }
        for record in waiting where Self.isRefreshRequest(record, for: source) && record.proposal.id != kept {
            let (current, version) = try await action(record.proposal.id, tenant: tenant)
            try withdraw(current, version: version, reason: reason, incident: nil, change: &change, now: now)
        }
    }

    /// Whether `record` is one of the freshness sweep's refetch requests for `source`.
    static func isRefreshRequest(_ record: ActionRecord, for source: String) -> Bool {
        record.proposal.id.hasPrefix("act_refresh_") && record.proposal.type == Primitive.refetchSource.rawValue
            && record.proposal.params["source"]?.stringValue == source
    }
}
