public import StewardCore

/// Taking back actions Steward no longer wants carried out: a remediation step whose wait ended,
/// a refresh request answered another way, an allocation a newer one replaced. A withdrawn action
/// leaves the `dispatched` list agents poll, and a late report for it is refused (409), so nothing
/// Steward gave up on runs, or counts as done, afterwards.
extension ActionSpine {
    /// The withdrawal of `record` (read at `version`) as a commit for the caller to fold into its
    /// own, so the caller's change and the withdrawal are durable together or not at all; nil when
    /// the action is no longer withdrawable (carried out, or settled, meanwhile).
    public func withdrawal(
        of record: ActionRecord, version: Int64, reason: String, incident: String?, now: Timestamp
    ) throws(SpineError) -> StoreCommit? {
        guard let next = record.withdrawn(ActionWithdrawal(by: "steward", at: now, reason: reason, incident: incident)) else { return nil }
        var t = ActionTransition(record: record, expectedVersion: version)
        t.record = next
        t.log("action.withdrawn", [
            "reason": .string(reason), "incident": incident.map(JSONValue.string) ?? .null, "from": .string(record.status.rawValue),
            "type": .string(record.proposal.type), "agent": .string(record.proposal.agent),
        ])
        t.trackOpen(from: record.status, decidedAt: nil)
        return try t.commit(actor: "steward", revision: rules.revision, now: now)
    }

    /// Withdraws one action in a commit of its own; false when it was no longer withdrawable.
    @discardableResult
    public func withdraw(_ id: String, tenant: String, reason: String, incident: String?) async throws(SpineError) -> Bool {
        for _ in 0..<8 {
            let (record, version) = try await action(id, tenant: tenant)
            let now = clock.now()
            guard let commit = try withdrawal(of: record, version: version, reason: reason, incident: incident, now: now) else { return false }
            do {
                _ = try await store.commit(commit)
                return true
            } catch where error.code == .conflict {
                continue
            } catch {
                throw .store(error)
            }
        }
        throw .conflict("action \(id) kept changing while it was being withdrawn; try again")
    }

    /// The refusal of a report for a withdrawn action, naming its state and why.
    func refuseReport(on record: ActionRecord) -> SpineError {
        let why = record.withdrawal.map { " at \($0.at.rfc3339): \($0.reason)" } ?? ""
        return .conflict("action \(record.proposal.id) is withdrawn; Steward withdrew it\(why). A report for it is not recorded")
    }
}
