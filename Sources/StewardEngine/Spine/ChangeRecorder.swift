import StewardCore

/// How governance, routing and experiments record a change: ledger entries and state rows in one
/// commit under the configuration revision in force, failures reported as the spine reports them.
struct ChangeRecorder: Sendable {
    let store: any Store
    let revision: String

    /// Commits `commit`; a failed precondition is a conflict naming `what` changed.
    func commit(_ commit: StoreCommit, what: String) async throws(SpineError) {
        do {
            _ = try await store.commit(commit)
        } catch where error.code == .conflict {
            throw .conflict("\(what) changed meanwhile; try again")
        } catch {
            throw .store(error)
        }
    }

    /// A ledger entry of `tenant` at `now`.
    func draft(_ tenant: String, _ kind: String, subject: String, actor: String, _ payload: JSONValue, now: Timestamp) throws(SpineError) -> LedgerDraft {
        do {
            return try LedgerDraft(tenant: tenant, ts: now, kind: kind, subject: subject, actor: actor, payload: payload, configRevision: revision)
        } catch {
            throw .invalid([.init(field: "body", reason: "cannot be recorded: \(error)")])
        }
    }

    /// `value` as JSON for a state row or payload; `what` names it in the error.
    func encode<T: Encodable>(_ value: T, what: String) throws(SpineError) -> JSONValue {
        do {
            return try JSONValueEncoder.encode(value)
        } catch {
            throw .store(StoreError(.invalid, operation: "encode \(what)", reason: "\(error)"))
        }
    }
}
