public import StewardCore

extension Routing {
    /// Every routing proposal, newest first.
    public func proposals(tenant: String) async throws(SpineError) -> [RoutingProposal] {
        var all: [RoutingProposal] = []
        var after: String?
        do {
            while true {
                let rows = try await store.projections(ProjectionQuery(tenant: tenant, collection: Self.proposals, afterID: after, limit: 500))
                all += rows.compactMap { try? JSONValueDecoder.decode(RoutingProposal.self, from: $0.body) }
                guard rows.count == 500 else { break }
                after = rows.last?.id
            }
        } catch {
            throw .store(error)
        }
        return all.sorted { ($0.createdAt, $0.id) > ($1.createdAt, $1.id) }
    }

    private func load(_ id: String, tenant: String) async throws(SpineError) -> (proposal: RoutingProposal, version: Int64) {
        let row: ProjectionDocument?
        do { row = try await store.projection(tenant: tenant, collection: Self.proposals, id: id) } catch { throw .store(error) }
        guard let row, let proposal = try? JSONValueDecoder.decode(RoutingProposal.self, from: row.body) else {
            throw .notFound("routing proposal \(id)")
        }
        return (proposal, row.version)
    }

    /// Approves an open proposal and switches the skill to its strategy in the same commit. A
    /// person's approval is not held by the cooldown; it starts a new one and the watch.
    public func approve(_ id: String, tenant: String, principal: String, note: String?, actor: String) async throws(SpineError) -> RoutingProposal {
        let (proposal, version) = try await load(id, tenant: tenant)
        guard proposal.status.isOpen else { throw .conflict("routing proposal \(id) is \(proposal.status.rawValue); only an open one can be approved") }
        let skill = try strategies(of: proposal.skill)
        guard skill.strategy(named: proposal.to) != nil else {
            throw .conflict("strategy \(proposal.to) of \(proposal.skill) is no longer configured; reject the proposal")
        }
        let (state, stateVersion, _) = try await state(tenant: tenant, of: skill)
        guard state.current == proposal.from else {
            throw .conflict("\(proposal.skill) now uses \(state.current), not \(proposal.from) as when proposal \(id) was made; run a new review")
        }
        let now = clock.now()
        let approved = proposal.deciding(.approved, by: principal, note: note, at: now)
        let next = switched(
            state, to: proposal.to, change: .approved, by: principal, reason: "proposal \(id) approved: \(proposal.evidence.rationale)",
            previousSuccessRate: proposal.evidence.current.measurement.metrics.successRate, now: now)
        try await commit(StoreCommit(
            drafts: [
                try draft(tenant, "routing.proposal_approved", subject: "routing_proposal:\(id)", actor: actor, [
                    "proposal": .string(id), "skill": .string(proposal.skill), "by": .string(principal), "note": note.map(JSONValue.string) ?? .null,
                ], now: now),
                try changeEntry(next, decision: proposal.evidence, proposal: id, tenant: tenant, actor: actor, now: now),
            ],
            projections: [try row(approved, tenant: tenant), try row(next, tenant: tenant)],
            preconditions: [
                ProjectionPrecondition(tenant: tenant, collection: Self.proposals, id: id, expectedVersion: version),
                ProjectionPrecondition(tenant: tenant, collection: Self.states, id: proposal.skill, expectedVersion: stateVersion),
            ]), what: "the routing proposal")
        announce(
            "routing.changed", tenant: tenant, skill: proposal.skill,
            text: "\(principal) approved moving \(proposal.skill) from \(proposal.from) to \(proposal.to).", payload: try encode(approved), now: now)
        return approved
    }

    /// Rejects an open proposal; the reason is required.
    public func reject(_ id: String, tenant: String, principal: String, reason: String, actor: String) async throws(SpineError) -> RoutingProposal {
        guard !reason.isEmpty else { throw .invalid([.init(field: "reason", reason: "is required")]) }
        return try await close(id, as: .rejected, kind: "routing.proposal_rejected", tenant: tenant, principal: principal, note: reason, actor: actor)
    }

    /// Puts off an open proposal: it stays open for a later approval or rejection.
    public func postpone(_ id: String, tenant: String, principal: String, note: String?, actor: String) async throws(SpineError) -> RoutingProposal {
        try await close(id, as: .deferred, kind: "routing.proposal_deferred", tenant: tenant, principal: principal, note: note, actor: actor)
    }

    private func close(
        _ id: String, as status: RoutingProposal.Status, kind: String, tenant: String, principal: String, note: String?, actor: String
    ) async throws(SpineError) -> RoutingProposal {
        let (proposal, version) = try await load(id, tenant: tenant)
        guard proposal.status.isOpen else {
            throw .conflict("routing proposal \(id) is \(proposal.status.rawValue); only an open one can be \(status.rawValue)")
        }
        let now = clock.now()
        let next = proposal.deciding(status, by: principal, note: note, at: now)
        try await commit(StoreCommit(
            drafts: [try draft(tenant, kind, subject: "routing_proposal:\(id)", actor: actor, [
                "proposal": .string(id), "skill": .string(proposal.skill), "by": .string(principal),
                (status == .rejected ? "reason" : "note"): note.map(JSONValue.string) ?? .null,
            ], now: now)],
            projections: [try row(next, tenant: tenant)],
            preconditions: [ProjectionPrecondition(tenant: tenant, collection: Self.proposals, id: id, expectedVersion: version)]),
            what: "the routing proposal")
        return next
    }
}
