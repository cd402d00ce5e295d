extension ScopeExpansionProposal {
    /// Required roles no approval covers yet, in `requiredApprovals` order; a role listed twice
    /// needs two approvals.
    public var stillNeeded: [String] {
        var covered = approvals.map(\.role)
        return requiredApprovals.filter { role in
            guard let index = covered.firstIndex(of: role) else { return true }
            covered.remove(at: index)
            return false
        }
    }

    /// The proposal with `principal`'s approval added, covering the first still-needed role they
    /// hold; approved once no role is still needed.
    public func approving(
        by principal: String, roles: Set<String>, at now: Timestamp, note: String? = nil
    ) throws(ProposalError) -> ScopeExpansionProposal {
        guard status == .pending else { throw .notPending(proposal: proposalId, status: status) }
        guard now < expiresAt else { throw .expired(proposal: proposalId, expiresAt: expiresAt, at: now) }
        // Two roles held by one person are still one pair of eyes.
        guard !approvals.contains(where: { $0.by == principal }) else {
            throw .sameApproverTwice(proposal: proposalId, principal: principal)
        }
        let needed = stillNeeded
        guard let role = needed.first(where: roles.contains) else {
            throw .missingRole(proposal: proposalId, principal: principal, needed: needed)
        }
        var next = self
        next.approvals.append(ProposalApproval(by: principal, role: role, at: now, note: note))
        if next.stillNeeded.isEmpty { next.status = .approved }
        return next
    }

    /// The proposal marked expired when it is still pending at or after `expiresAt`; unchanged otherwise.
    public func lapsing(at now: Timestamp) -> ScopeExpansionProposal {
        guard status == .pending, now >= expiresAt else { return self }
        var next = self
        next.status = .expired
        return next
    }
}
