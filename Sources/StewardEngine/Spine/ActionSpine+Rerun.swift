public import StewardCore

/// A person's request to run a recorded action's intent again (seed 003 §5.7, "re-run execution
/// from intent"): the same type, agent, account and parameters, as a new proposal.
public struct ActionRerun: Sendable, Hashable {
    /// The action whose intent is repeated.
    public var original: String
    /// Why the person asks for it.
    public var note: String?

    /// Creates a re-run request.
    public init(original: String, note: String?) {
        self.original = original
        self.note = note
    }

    /// The entry on the original action that points to its re-run.
    func entry(rerunAs id: String, by actor: String) -> (subject: String, kind: String, payload: JSONValue) {
        let payload: [String: JSONValue] = [
            "action": .string(original), "rerun": .string(id), "by": .string(actor), "note": note.map(JSONValue.string) ?? .null,
        ]
        return ("action:\(original)", "action.rerun_requested", .object(payload))
    }
}

extension ActionSpine {
    /// Proposes a settled action's intent again, as a person's request: it takes the whole path
    /// (the gate decides again under the rules in force now, so a re-run may wait for approval or
    /// be blocked) and runs under its own id, so its executor sees a new idempotency key.
    ///
    /// The parameters are the ones the original ran with (a person's edit included). An action
    /// still open is refused: approve, reject or wait for it instead.
    public func rerun(
        _ id: String, tenant: String, by person: String, note: String?, answer: (JSONValue) throws -> IdempotencyRecord? = { _ in nil }
    ) async throws(SpineError) -> (record: ActionRecord, json: JSONValue) {
        if let note, note.count > 2000 { throw .invalid([.init(field: "note", reason: "must be at most 2000 characters")]) }
        let original = try await action(id, tenant: tenant).record
        guard original.status.isFinal else {
            throw .conflict("action '\(id)' is still \(original.status.rawValue); only a settled action is re-run (approve, reject or wait for it instead)")
        }
        let p = original.proposal
        let proposal = ActionProposal(
            id: makeID(), tenant: tenant, agent: p.agent, account: p.account, type: p.type, params: original.effectiveParams,
            trigger: .person, impactPoints: p.impactPoints, affectedAccounts: p.affectedAccounts)
        // What no longer passes (a type taken out of steward.yaml, an agent no longer declared)
        // is about the recorded action, not this request's fields.
        if case let problems = problems(with: proposal), !problems.isEmpty {
            let reasons = problems.map(\.reason).joined(separator: "; ")
            throw .conflict("action '\(id)' cannot be re-run under the configuration in force: \(reasons)")
        }
        return try await proposeEncoded(proposal, actor: person, rerun: ActionRerun(original: id, note: note), answer: answer)
    }
}
