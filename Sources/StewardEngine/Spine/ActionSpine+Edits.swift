import StewardCore

/// Params a person edits at approval: the gate's policy sees them as if they had been proposed,
/// and approvals given to other params do not count for them.
extension ActionSpine {
    /// Refuses `edited` params when the enforced policy would block them as a proposal (a block
    /// rule wins over everything, so an edit cannot reach what a proposal could not).
    func requirePolicyAllows(_ edited: JSONValue, for record: ActionRecord, type: ActionType, now: Timestamp) async throws(SpineError) {
        var proposal = record.proposal
        proposal.params = edited
        _ = try ProposalCheck.validate(proposal, rules: rules)
        let input = try await state.input(for: proposal, type: type, now: now)
        let decision = Gate.decide(input, settings: rules.gate)
        if let policy = decision.checks.first(where: { $0.name == .policy }), policy.ceiling == .block {
            throw .conflict(
                "the edited params are blocked by policy rule \(policy.clause ?? "policy.rules") (\(policy.reason)): \(policy.detail)")
        }
        // A block rule the edited params make impossible to evaluate (a number turned into a
        // string, a key removed) cannot say no to them: the edit is refused, not waved through.
        if let (clause, error) = rules.gate.policy.unevaluableBlockRules(input).first {
            throw .conflict("the edited params cannot be checked by block rule \(clause) (\(error)); correct the edit or approve the params as proposed")
        }
    }

    /// Applies a person's edit to the transition: the new params, a ledger entry for every edit,
    /// the IDEA_EDITED label once, and only the editor's approval left standing, so the params
    /// that run are the ones every required approver saw.
    func applyEdit(_ edited: JSONValue, to t: inout ActionTransition, by approver: String, note: String?, now: Timestamp) {
        let before = t.record.effectiveParams
        let withdrawn = t.record.approvals.filter { $0.by != approver }.map(\.by)
        t.record.editedParams = edited
        t.record.approvals.removeAll { $0.by != approver }
        t.log("action.params_edited", [
            "by": .string(approver), "from": before, "to": edited, "note": note.map(JSONValue.string) ?? .null,
            "approvalsWithdrawn": .array(withdrawn.map(JSONValue.string)),
        ])
        if !t.record.outcomes.contains(where: { $0.label == .ideaEdited }) {
            t.label(.ideaEdited, at: now, by: approver, detail: note)
        }
    }
}
