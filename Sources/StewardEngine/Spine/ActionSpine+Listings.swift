public import StewardCore

/// Reads of the spine's actions: one by id, listings by status, account and agent (through the
/// index by agent), and the whole lists Steward's own rounds work through.
extension ActionSpine {
    /// One action of the tenant, with its row version.
    public func action(_ id: String, tenant: String) async throws(SpineError) -> (record: ActionRecord, version: Int64) {
        guard ProposalCheck.isName(id), let row = try await state.row(tenant, SpineRows.actions, id) else { throw .notFound("action '\(id)'") }
        return (try state.decode(ActionRecord.self, row), row.version)
    }

    /// Actions of the tenant, filtered by status, account and agent, in id order after `after`;
    /// `within` keeps only those agents' actions (a bound agent key's reading).
    ///
    /// While the kill switch is engaged, a listing of `dispatched` actions leaves out Steward's own
    /// (remediation steps, refresh requests, allocation pushes): that list is the work agents
    /// without an executor poll, and nothing Steward started runs without a person meanwhile.
    /// They are offered again at release; `includingPaused` lists them anyway (Steward's own reads).
    public func actions(
        tenant: String, status: ActionStatus?, account: String?, agent: String?, within agents: [String]? = nil, after: String?, limit: Int,
        includingPaused: Bool = false
    ) async throws(SpineError) -> [ActionRecord] {
        var paused = false
        if status == .dispatched, !includingPaused { paused = try await state.tenantAutonomy(tenant).killSwitch.engaged }
        if account == nil, let wanted = Self.agents(agent, within: agents) {
            return try await actions(of: wanted, tenant: tenant, status: status, after: after, limit: limit, paused: paused)
        }
        var found: [ActionRecord] = []
        var cursor = after
        // With an account, its index narrows the read; the agent and the trigger are checked on
        // each row: read pages until enough rows match.
        let filtered = agent != nil || agents != nil
        let page = !filtered && !paused ? limit : 500
        while true {
            let rows: [ProjectionDocument]
            do {
                rows = try await store.projections(ProjectionQuery(
                    tenant: tenant, collection: SpineRows.actions, status: status?.rawValue, ref: account, afterID: cursor, limit: page))
            } catch {
                throw .store(error)
            }
            for row in rows {
                let record = try state.decode(ActionRecord.self, row)
                let withheld = paused && record.proposal.trigger == .remediation
                let agentMatches = (agent == nil || record.proposal.agent == agent) && (agents?.contains(record.proposal.agent) ?? true)
                if agentMatches && !withheld { found.append(record) }
                if found.count == limit { return found }
            }
            guard filtered || paused, rows.count == page, let last = rows.last else { return found }
            cursor = last.id
        }
    }

    /// The agents a listing is limited to: `agent` if `within` allows it, else `within`; nil for all.
    static func agents(_ agent: String?, within: [String]?) -> [String]? {
        guard let agent else { return within }
        return within.map { $0.contains(agent) ? [agent] : [] } ?? [agent]
    }

    /// `agents`' actions through the index by agent, in id order.
    private func actions(
        of agents: [String], tenant: String, status: ActionStatus?, after: String?, limit: Int, paused: Bool
    ) async throws(SpineError) -> [ActionRecord] {
        var found: [ActionRecord] = []
        var cursor = after
        let page = max(limit, 100)
        while true {
            let ids: [String]
            do {
                ids = try await ActionAgentIndex.ids(of: agents, tenant: tenant, status: status, after: cursor, limit: page, store: store)
            } catch {
                throw .store(error)
            }
            for record in try await actions(ids: ids, tenant: tenant) {
                // The row may have moved on since its index row was read.
                guard status.map({ record.status == $0 }) ?? true, !(paused && record.proposal.trigger == .remediation) else { continue }
                found.append(record)
                if found.count == limit { return found }
            }
            guard ids.count == page, let last = ids.last else { return found }
            cursor = last
        }
    }

    /// Every action of the tenant waiting for a person, in id order.
    public func pendingActions(tenant: String) async throws(SpineError) -> [ActionRecord] {
        try await allActions(tenant: tenant, status: .pendingApproval)
    }

    /// Every action of the tenant in `status`, in id order, read a page at a time (Steward's own
    /// reads: paused steps included).
    func allActions(tenant: String, status: ActionStatus) async throws(SpineError) -> [ActionRecord] {
        var all: [ActionRecord] = []
        for row in try await rows(tenant: tenant, status: status) { all.append(try state.decode(ActionRecord.self, row)) }
        return all
    }

    /// Actions the risk gate held for a person with two options (its escalations), oldest first.
    public func escalatedActions(tenant: String, limit: Int) async throws(SpineError) -> [ActionRecord] {
        // Only the rows that carry options are decoded.
        var held: [ActionRecord] = []
        for row in try await rows(tenant: tenant, status: .pendingApproval) {
            guard let options = row.body["decision"]?["escalation"], options != .null else { continue }
            held.append(try state.decode(ActionRecord.self, row))
        }
        held.sort { (a: ActionRecord, b: ActionRecord) -> Bool in
            a.createdAt != b.createdAt ? a.createdAt < b.createdAt : a.proposal.id < b.proposal.id
        }
        return Array(held.prefix(limit))
    }

    /// The ids of every action of the tenant waiting for a person, most urgent first: the soonest
    /// to expire, then the oldest. Ordered on the stored rows' times, not decoded records, so a
    /// backlog of thousands costs a read, not thousands of decodes (QA r6 scale M1).
    public func waitingOrder(tenant: String) async throws(SpineError) -> [String] {
        // RFC 3339 with milliseconds and Z sorts as time; no expiry sorts after every one ("~").
        let keyed = try await rows(tenant: tenant, status: .pendingApproval).map { row in
            (expires: row.body["expiresAt"]?.stringValue ?? "~", created: row.body["createdAt"]?.stringValue ?? "", id: row.id)
        }
        return keyed.sorted { a, b in
            a.expires != b.expires ? a.expires < b.expires : a.created != b.created ? a.created < b.created : a.id < b.id
        }.map(\.id)
    }

    /// The `limit` waiting actions of most expected value (then the oldest), and how many wait:
    /// ranked on the stored rows, only those shown decoded.
    public func mostValuableWaiting(tenant: String, limit: Int) async throws(SpineError) -> (records: [ActionRecord], total: Int) {
        let rows = try await rows(tenant: tenant, status: .pendingApproval)
        var ranked: [(value: Double, created: String, id: String)] = []
        ranked.reserveCapacity(rows.count)
        for row in rows {
            let value = row.body["decision"]?["utility"]?["value"]?.doubleValue ?? 0
            ranked.append((value, row.body["createdAt"]?.stringValue ?? "", row.id))
        }
        ranked.sort { a, b in a.value != b.value ? a.value > b.value : a.created != b.created ? a.created < b.created : a.id < b.id }
        let shown: [String] = ranked.prefix(limit).map { $0.id }
        return (try await actions(ids: shown, tenant: tenant), rows.count)
    }

    /// The `limit` newest actions in `status`, and how many there are: ordered on the stored rows'
    /// creation times (which sort as time), only those shown decoded.
    public func newest(tenant: String, status: ActionStatus, limit: Int) async throws(SpineError) -> (records: [ActionRecord], total: Int) {
        let rows = try await rows(tenant: tenant, status: status)
        var newest: [(created: String, id: String)] = rows.map { ($0.body["createdAt"]?.stringValue ?? "", $0.id) }
        newest.sort { a, b in a.created != b.created ? a.created > b.created : a.id > b.id }
        let shown: [String] = newest.prefix(limit).map { $0.id }
        return (try await actions(ids: shown, tenant: tenant), rows.count)
    }

    /// The actions of `ids` that exist, in the order given (read 500 at a time).
    public func actions(ids: [String], tenant: String) async throws(SpineError) -> [ActionRecord] {
        var records: [ActionRecord] = []
        records.reserveCapacity(ids.count)
        for start in stride(from: 0, to: ids.count, by: 500) {
            let chunk = ids[start..<min(start + 500, ids.count)]
            let rows: [ProjectionDocument]
            do {
                rows = try await store.projections(tenant: tenant, keys: chunk.map { DocumentKey(SpineRows.actions, $0) })
            } catch {
                throw .store(error)
            }
            let byID = Dictionary(rows.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
            for id in chunk {
                if let row = byID[id] { records.append(try state.decode(ActionRecord.self, row)) }
            }
        }
        return records
    }

    /// The stored rows of every action in `status`, in id order, undecoded.
    func rows(tenant: String, status: ActionStatus) async throws(SpineError) -> [ProjectionDocument] {
        do {
            return try await store.allProjections(ProjectionQuery(tenant: tenant, collection: SpineRows.actions, status: status.rawValue, limit: 1000))
        } catch {
            throw .store(error)
        }
    }
}
