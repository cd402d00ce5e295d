public import StewardCore

extension Remediator {
    /// Agents of a tenant by name, optionally only those in `state`: those that have signalled and
    /// those declared in steward.yaml that have not yet (state Unknown).
    public func agents(tenant: String, state: AgentHealth?, after: String?, limit: Int) async throws(HealingError) -> HealingPage<AgentView> {
        var views: [AgentView] = []
        var cursor = after
        // Filtering by state needs the remediation rows too, so read pages until the page is full.
        while true {
            let (records, more) = try await roster(tenant: tenant, after: cursor, limit: limit)
            for (index, view) in try await self.views(records, tenant: tenant).enumerated() where state == nil || view.state == state {
                views.append(view)
                // A full page ends here; the cursor only when agents remain after it.
                if views.count == limit { return HealingPage(items: views, nextCursor: index < records.count - 1 || more ? view.name : nil) }
            }
            guard more, let last = records.last?.name else { return HealingPage(items: views, nextCursor: nil) }
            cursor = last
        }
    }

    /// One agent (declared, or known from its signals), or nil.
    public func agent(_ name: String, tenant: String) async throws(HealingError) -> AgentView? {
        guard let agent = try await rosterEntry(name, tenant: tenant) else { return nil }
        return try await view(agent)
    }

    func view(_ agent: AgentRecord) async throws(HealingError) -> AgentView {
        guard let view = try await views([agent], tenant: agent.tenant).first else { throw .notFound("agent \(agent.name)") }
        return view
    }

    /// Views of a page of agents, with their remediation and allocation rows read in one go.
    func views(_ agents: [AgentRecord], tenant: String) async throws(HealingError) -> [AgentView] {
        guard !agents.isEmpty else { return [] }
        let healthRows = try await decoded.rows(
            AgentHealthRow.self, tenant: tenant, keys: agents.map { DocumentKey(HealingRows.agentHealth, $0.name) }, store: store)
        let allocationRows = try await decoded.rows(
            AllocationRow.self, tenant: tenant, keys: agents.map { DocumentKey(HealingRows.allocations, $0.name) }, store: store)
        var health: [String: AgentHealthRow] = [:]
        var slots: [String: Int] = [:]
        for (key, row) in healthRows { health[key.id] = row.value }
        for (key, row) in allocationRows { slots[key.id] = row.value.slots }
        return agents.map { agent in
            let row = health[agent.name]
            let own: AgentHealth = agent.lastSignal.map { $0.reportsProblem(slo: rules.settings.slo) ? .degraded : .healthy } ?? .unknown
            let state = row?.incident != nil ? row?.state ?? own : own
            // An agent without an allocation row holds its initial slots (see `allocation(_:tenant:now:)`).
            let held = slots[agent.name] ?? rules.declaredAgent(agent.name, tenant: tenant)?.slots ?? rules.settings.concurrency.min
            return AgentView(
                name: agent.name, domain: agent.domain, state: state, remediating: state == .recovering, incident: row?.incident,
                lastSignal: agent.lastSignal, lastSeenAt: agent.lastSeenAt, slots: held, autoRegistered: agent.autoRegistered, signals: agent.signals)
        }
    }

    /// Incidents by id, filtered by status or agent.
    public func incidents(tenant: String, status: IncidentStatus?, agent: String?, after: String?, limit: Int) async throws(HealingError) -> HealingPage<Incident> {
        // One more than asked tells whether a next page has anything (no cursor to an empty page).
        let rows = try await decoded.rows(Incident.self, ProjectionQuery(
            tenant: tenant, collection: HealingRows.incidents, status: status?.rawValue, ref: agent, afterID: after, limit: limit + 1), store: store)
        let items = rows.prefix(limit).map(\.value)
        return HealingPage(items: items, nextCursor: rows.count > limit ? items.last?.id : nil)
    }

    /// Incidents in any of `statuses` (every incident when nil) by id: one query per status, merged,
    /// so that `status=active` pages as exactly as one status does.
    public func incidents(tenant: String, statuses: [IncidentStatus]?, agent: String?, after: String?, limit: Int) async throws(HealingError) -> HealingPage<Incident> {
        guard let statuses, statuses.count > 1 else { return try await incidents(tenant: tenant, status: statuses?.first, agent: agent, after: after, limit: limit) }
        var all: [Incident] = []
        for status in statuses {
            all += try await decoded.rows(Incident.self, ProjectionQuery(
                tenant: tenant, collection: HealingRows.incidents, status: status.rawValue, ref: agent, afterID: after, limit: limit + 1), store: store).map(\.value)
        }
        return Self.merged(all, limit: limit)
    }

    /// Incidents of any of `agents` (a bound agent key's reading), in any of `statuses`: one query
    /// per agent, merged, so that the page is as exact as one agent's.
    public func incidents(tenant: String, statuses: [IncidentStatus]?, agents: [String], after: String?, limit: Int) async throws(HealingError) -> HealingPage<Incident> {
        var all: [Incident] = []
        for agent in agents { all += try await incidents(tenant: tenant, statuses: statuses, agent: agent, after: after, limit: limit + 1).items }
        return Self.merged(all, limit: limit)
    }

    /// The first `limit` of incidents read by several queries (each asked for one more), in id
    /// order; a cursor only when more follow.
    static func merged(_ all: [Incident], limit: Int) -> HealingPage<Incident> {
        let sorted = all.sorted { precedes($0.id, $1.id) }
        let page = sorted.prefix(limit)
        return HealingPage(items: Array(page), nextCursor: sorted.count > limit ? page.last?.id : nil)
    }

    /// One incident, or nil.
    public func incident(_ id: String, tenant: String) async throws(HealingError) -> Incident? {
        try await store.row(Incident.self, tenant: tenant, HealingRows.incidents, id)?.value
    }

    /// The escalation inbox: open ones (or those with `status`), in priority order, then oldest first.
    public func escalations(tenant: String, status: String?, limit: Int) async throws(HealingError) -> [Escalation] {
        var all: [Escalation] = []
        var after: String?
        repeat {
            let rows = try await store.rows(Escalation.self, ProjectionQuery(
                tenant: tenant, collection: HealingRows.escalations, status: status, afterID: after, limit: 500))
            all += rows.map(\.value)
            after = rows.count == 500 ? rows.last?.value.id : nil
        } while after != nil
        all.sort { a, b in
            a.priorityRank != b.priorityRank ? a.priorityRank < b.priorityRank : a.createdAt != b.createdAt ? a.createdAt < b.createdAt : a.id < b.id
        }
        return Array(all.prefix(limit))
    }

    /// One escalation, or nil.
    public func escalation(_ id: String, tenant: String) async throws(HealingError) -> Escalation? {
        try await store.row(Escalation.self, tenant: tenant, HealingRows.escalations, id)?.value
    }

    /// Lineage entries (one per attempt), oldest first, filtered by agent or incident, and to the
    /// agents of `bound` when given (a bound key's).
    public func lineage(
        tenant: String, agent: String?, incident: String?, within bound: [String]? = nil, afterSeq: Int64, limit: Int
    ) async throws(HealingError) -> (entries: [JSONValue], next: Int64?) {
        let subjects = bound.map { Set($0.map(HealingRows.subject(agent:))) }
        var entries: [JSONValue] = []
        var cursor = afterSeq
        while entries.count < limit {
            let page: LedgerPage
            do {
                page = try await store.ledger(tenant: tenant, query: LedgerQuery(
                    afterSeq: cursor, kinds: ["remediation.attempt"], subject: agent.map(HealingRows.subject(agent:)), limit: limit))
            } catch {
                throw .store(error)
            }
            for row in page.rows {
                if let subjects, !subjects.contains(row.subject) { continue }
                guard let payload = try? JSONReader.parse(row.canonicalPayload) else { continue }
                if let incident, payload["incident"]?.stringValue != incident { continue }
                var fields: [String: JSONValue] = [:]
                if case .object(let members) = payload { fields = members }
                fields["seq"] = .int(row.seq)
                entries.append(.object(fields))
                if entries.count == limit { return (entries, row.seq) }
            }
            guard let next = page.nextCursor else { return (entries, nil) }
            cursor = next
        }
        return (entries, nil)
    }

    /// Every agent's allocation.
    public func allocations(tenant: String) async throws(HealingError) -> [AllocationRow] {
        let agents = try await store.rows(AgentRecord.self, ProjectionQuery(tenant: tenant, collection: HealingRows.agents, limit: 10_000)).map(\.value.name)
        let declared = rules.configuration.agents.filter { $0.tenant == tenant }.map(\.name)
        let names = Set(agents + declared).sorted()
        let rows = try await allocations(names, tenant: tenant, now: clock.now())
        return names.compactMap { rows[$0]?.value }
    }

    /// The bandit's arms, by class.
    public func arms(tenant: String) async throws(HealingError) -> [String: [ArmStats]] {
        var out: [String: [ArmStats]] = [:]
        for classification in Classification.allCases {
            let stats = try await armStats(tenant, classification)
            if !stats.isEmpty { out[classification.rawValue] = stats.values.sorted { $0.playbook < $1.playbook } }
        }
        return out
    }
}
