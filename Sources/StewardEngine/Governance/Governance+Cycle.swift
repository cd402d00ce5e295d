import Logging
public import StewardCore

extension Governance {
    /// The governance cycle: metrics of the last 7 days, readiness, a report (Markdown, JSON,
    /// HTML), and, when ready, a scope-expansion proposal; each written with its ledger entry.
    public func runCycle(tenant: String, actor: String) async throws(SpineError) -> (report: GovernanceReport, proposal: ScopeExpansionProposal?) {
        let now = clock.now()
        // A breaker's hold at L3 passes; a level a person set is where the tenant is.
        let (current, heldByBreaker) = try await level(tenant: tenant)
        try await expireProposals(tenant: tenant, now: now, level: heldByBreaker ? nil : current)
        let week = AutonomyMetrics.Period(start: now.adding(seconds: -7 * 86_400), end: now.adding(milliseconds: 1))
        let metrics = try await self.metrics(tenant: tenant, from: week.start, to: week.end)
        let (readiness, longMetrics) = try await self.readiness(tenant: tenant)
        let autonomy = try await tenantAutonomy(tenant)
        let pending = try await proposals(tenant: tenant).first { $0.status == .pending }
        let held = try await level(tenant: tenant).heldByBreaker
        let rollback = readiness.recommendations.contains { $0.type == .rollback }
        let validating = try await self.validating(tenant: tenant, at: now)
        var proposal: ScopeExpansionProposal?
        // No expansion while a breaker holds the tenant at L3, the report recommends going back,
        // or the last expansion is still in its validation period.
        if case let (previous, until)? = validating {
            logger.info("no expansion drafted: the last one is in its validation period", metadata: [
                "tenant": "\(tenant)", "proposal": "\(previous.proposalId)", "until": "\(until.rfc3339)",
            ])
        }
        if let pending {
            logger.info("no expansion drafted: a proposal is pending", metadata: ["tenant": "\(tenant)", "proposal": "\(pending.proposalId)"])
        }
        if pending == nil && !held && !rollback && validating == nil {
            proposal = ScopeExpansionProposal.draft(
                id: newID("prop"), metrics: longMetrics, readiness: readiness, currentScope: Set(autonomy.autopilotScope),
                // Never a type the gate would not run alone: in the scope it would only mislead.
                candidates: longMetrics.byActionType.filter { configuration.actionType(named: $0.type).map { !$0.neverAutonomous } == true },
                now: now,
                validationDays: settings.validationDays, requiredApprovals: settings.requiredApprovals,
                ttl: .seconds(settings.proposalDays * 86_400))
        }
        let report = try await compose(
            id: newID("gov"), tenant: tenant, period: week, metrics: metrics, readiness: readiness, proposal: proposal?.proposalId, now: now)
        var commit = StoreCommit(drafts: [], projections: [])
        let body = try encode(report)
        commit.drafts.append(try draft(tenant, "governance.report_generated", subject: "report:\(report.id)", actor: actor, [
            "report": .string(report.id), "score": .double(readiness.overall.score), "points": .int(Int64(readiness.overall.points)),
            "ready": .bool(readiness.overall.ready), "level": .string(readiness.currentPhase.rawValue),
            "blockers": .array(readiness.overall.blockers.map(JSONValue.string)),
        ], now: now))
        commit.projections.append(.put(ProjectionDocument(tenant: tenant, collection: Self.reports, id: report.id, body: body)))
        if let proposal {
            commit.drafts.append(try draft(tenant, "governance.proposal_created", subject: "proposal:\(proposal.proposalId)", actor: actor, [
                "proposal": .string(proposal.proposalId), "from": .string(proposal.expansion.currentPhase.rawValue),
                "to": .string(proposal.expansion.targetPhase.rawValue),
                "commandsToWhitelist": .array(proposal.expansion.commandsToWhitelist.map(JSONValue.string)),
                "requiredApprovals": .array(proposal.requiredApprovals.map(JSONValue.string)),
            ], now: now))
            commit.projections.append(.put(ProjectionDocument(
                tenant: tenant, collection: Self.proposals, id: proposal.proposalId, status: proposal.status.rawValue, body: try encode(proposal))))
        }
        try await self.commit(commit, what: "the governance report")
        return (report, proposal)
    }

    /// A report of `period` without recording it (`steward report governance`).
    public func report(tenant: String, period: AutonomyMetrics.Period) async throws(SpineError) -> GovernanceReport {
        let metrics = try await self.metrics(tenant: tenant, from: period.start, to: period.end)
        let readiness = try await self.readiness(tenant: tenant).report
        return try await compose(id: "preview", tenant: tenant, period: period, metrics: metrics, readiness: readiness, proposal: nil, now: clock.now())
    }

    private func compose(
        id: String, tenant: String, period: AutonomyMetrics.Period, metrics: AutonomyMetrics, readiness: ReadinessReport, proposal: String?,
        now: Timestamp
    ) async throws(SpineError) -> GovernanceReport {
        let breakers = try await self.breakers.list(tenant: tenant).map { BreakerSummary(name: $0.name, state: $0.state.rawValue, trips: $0.trips) }
        return GovernanceReport(
            id: id, tenant: tenant, generatedAt: now, period: period, level: readiness.currentPhase, metrics: metrics, readiness: readiness,
            proposalId: proposal, breakers: breakers)
    }

    /// The reports, newest first.
    public func reports(tenant: String) async throws(SpineError) -> [GovernanceReport] {
        try await rows(GovernanceReport.self, tenant: tenant, Self.reports).map(\.0).sorted { $0.generatedAt > $1.generatedAt }
    }

    /// One report.
    public func report(_ id: String, tenant: String) async throws(SpineError) -> GovernanceReport {
        let row: ProjectionDocument?
        do {
            row = try await store.projection(tenant: tenant, collection: Self.reports, id: id)
        } catch {
            throw .store(error)
        }
        guard let row, let report = try? JSONValueDecoder.decode(GovernanceReport.self, from: row.body) else { throw .notFound("report \(id)") }
        return report
    }

    /// Whether the weekly cycle is due at `now`: the configured weekday and hour, and no report this week yet.
    public func cycleDue(tenant: String, now: Timestamp) async throws(SpineError) -> Bool {
        let day = now.millisecondsSinceEpoch / 86_400_000
        // 1970-01-01 was a Thursday: weekday 4 with Monday as 1.
        let weekday = Int((day + 3) % 7) + 1
        let hour = Int(now.millisecondsSinceEpoch % 86_400_000 / 3_600_000)
        guard weekday == settings.cycleWeekday, hour >= settings.cycleHourUTC else { return false }
        let last = try await latest(tenant: tenant, kinds: ["governance.report_generated"])
        return last.map { now.milliseconds(since: $0.ts) > 6 * 86_400_000 } ?? true
    }
}
