public import StewardCore

extension Governance {
    /// The proposals, newest first (pending ones past their time shown expired).
    public func proposals(tenant: String) async throws(SpineError) -> [ScopeExpansionProposal] {
        let now = clock.now()
        return try await rows(ScopeExpansionProposal.self, tenant: tenant, Self.proposals).map { $0.0.lapsing(at: now) }
            .sorted { $0.timestamp > $1.timestamp }
    }

    /// One proposal.
    public func proposal(_ id: String, tenant: String) async throws(SpineError) -> ScopeExpansionProposal {
        try await load(id, tenant: tenant).proposal.lapsing(at: clock.now())
    }

    private func load(_ id: String, tenant: String) async throws(SpineError) -> (proposal: ScopeExpansionProposal, version: Int64) {
        let row: ProjectionDocument?
        do {
            row = try await store.projection(tenant: tenant, collection: Self.proposals, id: id)
        } catch {
            throw .store(error)
        }
        guard let row, let proposal = try? JSONValueDecoder.decode(ScopeExpansionProposal.self, from: row.body) else {
            throw .notFound("proposal \(id)")
        }
        return (proposal, row.version)
    }

    /// Adds `principal`'s approval; when the last required role is in, the level and the
    /// autopilot scope change in the same commit, each with its ledger entry.
    public func approve(_ id: String, tenant: String, principal: String, note: String?, actor: String) async throws(SpineError) -> ScopeExpansionProposal {
        let (proposal, version) = try await load(id, tenant: tenant)
        let now = clock.now()
        let approved: ScopeExpansionProposal
        do {
            approved = try proposal.approving(by: principal, roles: settings.roles(of: principal, tenant: tenant), at: now, note: note)
            if case let (previous, until)? = try await validating(tenant: tenant, at: now), previous.proposalId != id {
                throw ProposalError.validating(proposal: id, previous: previous.proposalId, until: until)
            }
        } catch let error as ProposalError {
            switch error {
            case .notPending, .expired, .sameApproverTwice, .validating: throw .conflict(error.description)
            case .missingRole: throw .invalid([.init(field: error.field, reason: error.reason)])
            }
        } catch let error as SpineError {
            throw error
        } catch {
            throw .store(StoreError(.invalid, operation: "approve proposal \(id)", reason: "\(error)"))
        }
        let role = approved.approvals.last?.role ?? ""
        var commit = StoreCommit(drafts: [
            try draft(tenant, "governance.proposal_approval", subject: "proposal:\(id)", actor: actor, [
                "proposal": .string(id), "by": .string(principal), "role": .string(role), "note": note.map(JSONValue.string) ?? .null,
                "stillNeeded": .array(approved.stillNeeded.map(JSONValue.string)),
            ], now: now),
        ], projections: [], preconditions: [
            ProjectionPrecondition(tenant: tenant, collection: Self.proposals, id: id, expectedVersion: version),
        ])
        var result = approved
        if approved.status == .approved {
            result.status = .applied
            try await applyExpansion(result, tenant: tenant, actor: actor, now: now, into: &commit)
        }
        commit.projections.append(.put(ProjectionDocument(
            tenant: tenant, collection: Self.proposals, id: id, status: result.status.rawValue, body: try encode(result))))
        try await self.commit(commit, what: "the proposal")
        return result
    }

    /// The applied proposal whose validation period runs at `now`, with its end, if any.
    func validating(tenant: String, at now: Timestamp) async throws(SpineError) -> (ScopeExpansionProposal, Timestamp)? {
        let applied = try await rows(ScopeExpansionProposal.self, tenant: tenant, Self.proposals, status: "applied").map(\.0)
        return ScopeExpansionProposal.validating(applied, at: now).map { ($0.proposal, $0.until) }
    }

    /// Rejects a pending proposal.
    public func reject(_ id: String, tenant: String, principal: String, reason: String, actor: String) async throws(SpineError) -> ScopeExpansionProposal {
        guard !reason.isEmpty, reason.count <= 2000 else { throw .invalid([.init(field: "reason", reason: "must be 1 to 2000 characters")]) }
        let (proposal, version) = try await load(id, tenant: tenant)
        let now = clock.now()
        let current = proposal.lapsing(at: now)
        guard current.status == .pending else { throw .conflict("proposal \(id) is \(current.status.rawValue); only a pending one can be rejected") }
        var rejected = current
        rejected.status = .rejected
        try await commit(StoreCommit(
            drafts: [try draft(tenant, "governance.proposal_rejected", subject: "proposal:\(id)", actor: actor, [
                "proposal": .string(id), "by": .string(principal), "reason": .string(reason),
            ], now: now)],
            projections: [.put(ProjectionDocument(tenant: tenant, collection: Self.proposals, id: id, status: rejected.status.rawValue, body: try encode(rejected)))],
            preconditions: [ProjectionPrecondition(tenant: tenant, collection: Self.proposals, id: id, expectedVersion: version)]), what: "the proposal")
        return rejected
    }

    /// The level and scope change of an approved proposal, added to `commit`.
    private func applyExpansion(_ p: ScopeExpansionProposal, tenant: String, actor: String, now: Timestamp, into commit: inout StoreCommit) async throws(SpineError) {
        let row: ProjectionDocument?
        do {
            row = try await store.projection(tenant: tenant, collection: SpineRows.autonomy, id: SpineRows.tenantAutonomy)
        } catch {
            throw .store(error)
        }
        var autonomy = try await tenantAutonomy(tenant)
        let from = autonomy.effectiveLevel, to = p.expansion.targetPhase
        // A proposal is about the level it was drafted at; one that went stale is not applied.
        guard from == p.expansion.currentPhase, from < to else {
            throw .conflict("the tenant is at \(from.rawValue) now; proposal \(p.proposalId) moves from \(p.expansion.currentPhase.rawValue) to \(to.rawValue), so run a new cycle")
        }
        if try await level(tenant: tenant).heldByBreaker {
            throw .conflict("a breaker holds the tenant at L3; close it before applying proposal \(p.proposalId)")
        }
        // Types the gate never runs alone stay out of the scope, as `PUT /v1/autonomy` keeps them out.
        let added = p.expansion.commandsToWhitelist.filter { name in
            !autonomy.autopilotScope.contains(name) && configuration.actionType(named: name).map { !$0.neverAutonomous } == true
        }
        autonomy.level = to
        autonomy.autopilotScope += added
        // A level above the mode's would not show: the mode follows the level's ceiling.
        let modeBefore = autonomy.mode
        if AutonomyLevel(mode: autonomy.mode) < to { autonomy.mode = to.ceiling }
        commit.drafts.append(try draft(tenant, "governance.proposal_applied", subject: "proposal:\(p.proposalId)", actor: actor, [
            "proposal": .string(p.proposalId), "approvals": .array(p.approvals.map { .string("\($0.role): \($0.by)") }),
        ], now: now))
        commit.drafts.append(try draft(tenant, "autonomy.level_changed", subject: "tenant:\(tenant)", actor: actor, [
            "from": .string(from.rawValue), "to": .string(to.rawValue), "by": "proposal", "proposal": .string(p.proposalId),
        ], now: now))
        // The mode it raised has its own entry, as an admin's change has: "when did this tenant
        // go to autopilot?" is answered by the mode entries alone.
        if autonomy.mode != modeBefore {
            commit.drafts.append(try draft(tenant, "autonomy.mode_changed", subject: "tenant:\(tenant)", actor: actor, [
                "from": .string(modeBefore.rawValue), "to": .string(autonomy.mode.rawValue), "by": "proposal", "proposal": .string(p.proposalId),
            ], now: now))
        }
        if !added.isEmpty {
            commit.drafts.append(try draft(tenant, "autonomy.scope_changed", subject: "tenant:\(tenant)", actor: actor, [
                "added": .array(added.map(JSONValue.string)), "removed": [], "scope": .array(autonomy.autopilotScope.map(JSONValue.string)),
                "proposal": .string(p.proposalId),
            ], now: now))
        }
        commit.projections.append(.put(ProjectionDocument(tenant: tenant, collection: SpineRows.autonomy, id: SpineRows.tenantAutonomy, body: try encode(autonomy))))
        commit.preconditions.append(ProjectionPrecondition(tenant: tenant, collection: SpineRows.autonomy, id: SpineRows.tenantAutonomy, expectedVersion: row?.version ?? 0))
    }

    /// Marks pending proposals past their time as expired, each with a ledger entry.
    /// Expires pending proposals past their time, and those drafted for a level the tenant is no
    /// longer at (`level`): they could never be applied, and a pending one keeps the cycle from
    /// drafting another.
    func expireProposals(tenant: String, now: Timestamp, level: AutonomyLevel? = nil) async throws(SpineError) {
        for (proposal, doc) in try await rows(ScopeExpansionProposal.self, tenant: tenant, Self.proposals, status: "pending") {
            var lapsed = proposal.lapsing(at: now)
            var payload: [String: JSONValue] = ["proposal": .string(proposal.proposalId), "expiresAt": .string(proposal.expiresAt.rfc3339)]
            if lapsed.status != .expired, let level, level != proposal.expansion.currentPhase {
                lapsed.status = .expired
                payload["reason"] = .string(
                    "drafted for \(proposal.expansion.currentPhase.rawValue) → \(proposal.expansion.targetPhase.rawValue), and the tenant is at \(level.rawValue) now")
            }
            guard lapsed.status == .expired else { continue }
            try? await commit(StoreCommit(
                drafts: [try draft(tenant, "governance.proposal_expired", subject: "proposal:\(proposal.proposalId)", actor: "steward", .object(payload), now: now)],
                projections: [.put(ProjectionDocument(tenant: tenant, collection: Self.proposals, id: proposal.proposalId, status: lapsed.status.rawValue, body: try encode(lapsed)))],
                preconditions: [ProjectionPrecondition(tenant: tenant, collection: Self.proposals, id: proposal.proposalId, expectedVersion: doc.version)]),
                what: "the proposal")
        }
    }
}
