import Logging
public import StewardCore

extension Routing {
    /// What a review did for one skill.
    public struct ReviewOutcome: Sendable {
        /// The decision.
        public var decision: RoutingDecision
        /// What was done about it.
        public var action: Action
        /// The proposal made or found open, for a DEFERRED decision.
        public var proposalID: String?

        /// What a review does about a decision.
        public enum Action: String, Sendable, Hashable, CaseIterable {
            /// AUTO_APPROVED: the skill switched.
            case switched
            /// DEFERRED: a proposal was recorded.
            case proposed
            /// DEFERRED: a proposal for the same move is still open.
            case alreadyProposed = "already_proposed"
            /// DEFERRED: the week's proposals are used up; only the deferral was recorded.
            case limitReached = "limit_reached"
            /// DEFERRED: a person rejected the same move in the last 7 days; nothing was recorded.
            case rejectedRecently = "rejected_recently"
            /// NO_CHANGE.
            case unchanged
        }
    }

    /// Reviews every skill with configured strategies (seed 004 §2c.2): an AUTO_APPROVED
    /// decision switches at once, a DEFERRED one becomes a proposal (at most
    /// `maxProposalsPerWeek` in seven days; one already open for the same move is not repeated).
    public func review(tenant: String, actor: String) async throws(SpineError) -> [ReviewOutcome] {
        var outcomes: [ReviewOutcome] = []
        for skill in settings.skills where !skill.strategies.isEmpty {
            outcomes.append(try await review(skill, tenant: tenant, actor: actor))
        }
        if !outcomes.isEmpty {
            logger.info("routing reviewed", metadata: [
                "tenant": "\(tenant)", "switched": "\(outcomes.filter { $0.action == .switched }.count)",
                "proposed": "\(outcomes.filter { $0.action == .proposed }.count)",
            ])
        }
        return outcomes
    }

    /// Reviews one skill.
    func review(_ skill: SkillStrategies, tenant: String, actor: String) async throws(SpineError) -> ReviewOutcome {
        let now = clock.now()
        let (state, version, _) = try await state(tenant: tenant, of: skill)
        let measurements = try await measure(tenant: tenant, skill, now: now)
        guard let decision = RoutingDecision.make(
            skill: skill.skill, current: state.current, measurements: measurements, reward: settings.reward, guardrails: settings.guardrails,
            context: .init(lastChangeAt: state.changedAt, now: now))
        else { throw .conflict("skill \(skill.skill) uses \(state.current), which is not configured") }
        switch decision.status {
        case .NO_CHANGE:
            return ReviewOutcome(decision: decision, action: .unchanged)
        case .AUTO_APPROVED:
            guard let candidate = decision.candidate else { return ReviewOutcome(decision: decision, action: .unchanged) }
            let next = switched(state, to: candidate.measurement.strategy, change: .auto, by: "steward", reason: decision.rationale,
                                previousSuccessRate: decision.current.measurement.metrics.successRate, now: now)
            // Steward decides an AUTO_APPROVED switch, whoever asked for the review: the entry says so,
            // as the state row (`changedBy`) does, and names who asked.
            let entry = try changeEntry(
                next, decision: decision, proposal: nil, tenant: tenant, actor: "steward", requestedBy: actor == "steward" ? nil : actor, now: now)
            let commit = StoreCommit(
                drafts: [entry],
                projections: [try row(next, tenant: tenant)],
                preconditions: [ProjectionPrecondition(tenant: tenant, collection: Self.states, id: skill.skill, expectedVersion: version)])
            try await self.commit(commit, what: "the routing of \(skill.skill)")
            announce(
                "routing.changed", tenant: tenant, skill: skill.skill,
                text: "Steward changed the routing of \(skill.skill) to \(next.current). Reason: \(decision.rationale) New metrics: "
                    + RoutingRationale.metrics(candidate.measurement.metrics) + ".",
                payload: try encode(decision), now: now)
            return ReviewOutcome(decision: decision, action: .switched)
        case .DEFERRED:
            return try await propose(decision, tenant: tenant, actor: actor, now: now)
        }
    }

    /// Records a DEFERRED decision as a proposal, unless one for the same move is open or the
    /// week's proposals are used up (then the deferral alone is recorded).
    private func propose(_ decision: RoutingDecision, tenant: String, actor: String, now: Timestamp) async throws(SpineError) -> ReviewOutcome {
        let all = try await proposals(tenant: tenant)
        let to = decision.candidate?.measurement.strategy
        let sameMove = all.filter { $0.skill == decision.skill && $0.to == to && $0.from == decision.current.measurement.strategy }
        if let open = sameMove.first(where: { $0.status.isOpen }) {
            return ReviewOutcome(decision: decision, action: .alreadyProposed, proposalID: open.id)
        }
        let weekAgo = now.adding(milliseconds: -7 * 86_400_000)
        // A person said no to this very move this week: asking again would only spend the week's proposals.
        if let rejected = sameMove.first(where: { $0.status == .rejected && ($0.decidedAt ?? $0.createdAt) > weekAgo }) {
            return ReviewOutcome(decision: decision, action: .rejectedRecently, proposalID: rejected.id)
        }
        let recent = all.filter { $0.createdAt > weekAgo }.count
        if recent >= settings.maxProposalsPerWeek {
            try await self.commit(StoreCommit(drafts: [try draft(tenant, "routing.deferred", subject: "skill:\(decision.skill)", actor: actor, [
                "skill": .string(decision.skill), "to": to.map(JSONValue.string) ?? .null,
                "reason": .string("\(recent) proposals in the last 7 days; telemetry.routing.maxProposalsPerWeek is \(settings.maxProposalsPerWeek)"),
                "decision": try encode(decision),
            ], now: now)]), what: "the routing review")
            return ReviewOutcome(decision: decision, action: .limitReached)
        }
        guard let proposal = RoutingProposal(id: newID(), decision: decision, at: now) else {
            return ReviewOutcome(decision: decision, action: .unchanged)
        }
        try await self.commit(StoreCommit(
            drafts: [try draft(tenant, "routing.proposed", subject: "routing_proposal:\(proposal.id)", actor: actor, try encode(proposal), now: now)],
            projections: [try row(proposal, tenant: tenant)],
            preconditions: [ProjectionPrecondition(tenant: tenant, collection: Self.proposals, id: proposal.id, expectedVersion: 0)]),
            what: "the routing proposal")
        return ReviewOutcome(decision: decision, action: .proposed, proposalID: proposal.id)
    }

    /// `state` switched to `strategy`, watched for a rollback when `monitorHours` is not 0.
    func switched(
        _ state: RoutingState, to strategy: String, change: RoutingState.Change, by: String, reason: String, previousSuccessRate: Double,
        now: Timestamp
    ) -> RoutingState {
        let watch = settings.monitorHours > 0
            ? RoutingState.Monitoring(
                strategy: strategy, previous: state.current, previousSuccessRate: previousSuccessRate, since: now,
                until: now.adding(milliseconds: Int64(settings.monitorHours) * 3_600_000))
            : nil
        return state.switching(
            to: strategy, change: change, by: by, reason: reason, now: now, cooldownHours: settings.guardrails.cooldownHours, monitoring: watch)
    }

    /// The `routing.changed` entry of a switch.
    func changeEntry(
        _ next: RoutingState, decision: RoutingDecision?, proposal: String?, tenant: String, actor: String, requestedBy: String? = nil,
        now: Timestamp
    ) throws(SpineError) -> LedgerDraft {
        var payload: [String: JSONValue] = [
            "skill": .string(next.skill), "from": next.previous.map(JSONValue.string) ?? .null, "to": .string(next.current),
            "change": .string(next.change?.rawValue ?? ""), "by": .string(next.changedBy ?? ""), "reason": .string(next.reason ?? ""),
            "proposal": proposal.map(JSONValue.string) ?? .null, "decision": try decision.map { d throws(SpineError) in try encode(d) } ?? .null,
            "cooldownUntil": next.cooldownUntil.map { .string($0.rfc3339) } ?? .null,
        ]
        if let requestedBy { payload["requestedBy"] = .string(requestedBy) }
        return try draft(tenant, "routing.changed", subject: "skill:\(next.skill)", actor: actor, .object(payload), now: now)
    }

    /// The scheduled review: due `reviewIntervalHours` after the last one, or after the tenant was
    /// first seen (a fresh deployment gathers executions first). The moment is noted before the
    /// review runs, so replicas agree and a failing review is retried next interval, not at once.
    /// nil when none was due.
    public func scheduledReview(tenant: String) async throws(SpineError) -> [ReviewOutcome]? {
        guard settings.skills.contains(where: { !$0.strategies.isEmpty }) else { return nil }
        let now = clock.now()
        let row: ProjectionDocument?
        do { row = try await store.projection(tenant: tenant, collection: Self.states, id: Self.reviewMarker) } catch { throw .store(error) }
        let last = row?.body["reviewedAt"]?.stringValue.flatMap(Timestamp.init(rfc3339:))
        let due = last.map { now.milliseconds(since: $0) >= Int64(settings.reviewIntervalHours) * 3_600_000 } ?? false
        guard due || last == nil else { return nil }
        try await commit(StoreCommit(
            drafts: [try draft(tenant, "routing.review_scheduled", subject: "routing", actor: "steward", [
                "at": .string(now.rfc3339), "reviewing": .bool(due),
                "next": .string(now.adding(milliseconds: Int64(settings.reviewIntervalHours) * 3_600_000).rfc3339),
            ], now: now)],
            projections: [.put(ProjectionDocument(tenant: tenant, collection: Self.states, id: Self.reviewMarker, body: ["reviewedAt": .string(now.rfc3339)]))],
            preconditions: [ProjectionPrecondition(tenant: tenant, collection: Self.states, id: Self.reviewMarker, expectedVersion: row?.version ?? 0)]),
            what: "the routing review schedule")
        return due ? try await review(tenant: tenant, actor: "steward") : nil
    }

    /// The id of the review marker among the states (not a skill name: names cannot start with '_').
    static let reviewMarker = "_review"
}
