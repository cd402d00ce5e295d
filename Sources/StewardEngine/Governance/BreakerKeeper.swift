public import Logging
public import StewardCore

/// Keeps the circuit breakers: counts each execution, rollback and incident into the tenant's
/// sliding windows, trips breakers whose condition holds, runs their half-open probes, and
/// writes every change as a ledger entry beside the breaker's row, which the gate reads.
public actor BreakerKeeper {
    let store: any Store
    /// The compiled rules.
    public nonisolated let rules: CompiledBreakerRules
    let settings: GovernanceSettings
    let autonomy: AutonomySettings
    /// The configured action types: the only ones a per-type breaker can be about.
    let actionTypes: Set<String>
    let clock: any WallClock
    let alerts: SpineAlerts
    let revision: String
    let logger: Logger
    private var boards: [String: BreakerBoard] = [:]
    private var rows: [String: [String: (status: BreakerStatus, version: Int64)]] = [:]
    /// When each tenant's rows were read: another replica may trip, reset or move a breaker on, so
    /// rows are read again once they are older than ``rowsFreshMilliseconds``.
    private var rowsReadAt: [String: Timestamp] = [:]
    /// How long read rows stand for the store's.
    static let rowsFreshMilliseconds: Int64 = 2_000

    static let collection = "breakers"

    /// A keeper for `configuration`'s breaker rules.
    public init(
        store: any Store, configuration: StewardConfiguration, revision: String, alerts: SpineAlerts, clock: any WallClock, logger: Logger
    ) throws(RuleCompileErrors) {
        self.store = store
        rules = try CompiledBreakerRules(configuration.governance.breakers)
        settings = configuration.governance
        autonomy = configuration.autonomy
        actionTypes = Set(configuration.actionTypes.map(\.name))
        self.alerts = alerts
        self.clock = clock
        self.revision = revision
        self.logger = logger
    }

    /// Counts an incident that opened on `agent`, if it is attributed to an autonomous action:
    /// agents' own troubles are the remediation loop's, not the breakers'.
    public func incidentOpened(_ severity: IncidentSeverity, agent: String, tenant: String) async {
        let now = clock.now()
        let known = boards[tenant] != nil
        let board = known ? boards[tenant] : await refilled(tenant, now: now)
        // A refilled board has counted this incident from its ledger entry already.
        guard known, board?.attributes(incidentOn: agent, at: now) == true else { return }
        await record(.incident(severity), tenant: tenant)
    }

    /// Counts `event` for `tenant` and acts on it: probes of half-open breakers, then trips.
    /// `agent` and `autonomous` describe an execution, for attributing later incidents.
    public func record(_ event: BreakerEvent, tenant: String, agent: String? = nil, autonomous: Bool = false, durationMs: Int64? = nil) async {
        let now = clock.now()
        var board: BreakerBoard
        if let current = boards[tenant] {
            board = current
            board.record(event, at: now, durationMs: durationMs)
            if let agent, event.succeeded != nil { board.executed(agent: agent, autonomous: autonomous, at: now) }
        } else {
            // The event's own entry is committed already, so the refill from the ledger counts it.
            board = await refilled(tenant, now: now)
        }
        boards[tenant] = board
        guard var current = await statuses(tenant) else { return }
        var transitions: [BreakerTransition] = []
        if let type = event.actionType, event.succeeded != nil {
            // An open period that ended since the last round ends now, so this result is the
            // probe it would have been a moment later (QA r7 breakers L1).
            let due = current.values.filter { $0.status.covers(type) }.compactMap { BreakerMachine.tick($0.status, now: now) }
            if !due.isEmpty, await apply(due, tenant: tenant, actor: "steward", now: now), let fresh = await statuses(tenant) { current = fresh }
        }
        if let type = event.actionType, let succeeded = event.succeeded {
            for (status, _) in current.values where status.state == .halfOpen && status.covers(type) {
                let openSeconds = rules.rule(status.rule)?.openSeconds ?? 300
                if let t = BreakerMachine.probe(status, succeeded: succeeded, openSeconds: openSeconds, now: now) { transitions.append(t) }
            }
        }
        let findings = board.findings(
            for: event.actionType, at: now, skip: { (current[$0]?.status.state ?? .closed) != .closed },
            since: { current[$0]?.status.countsFrom })
        for finding in findings {
            let status = current[finding.breakerID]?.status ?? BreakerStatus(rule: finding.rule, actionType: finding.actionType, now: now)
            if let t = BreakerMachine.trip(status, finding, now: now, groupSeconds: settings.alertGroupSeconds) { transitions.append(t) }
        }
        await apply(transitions, tenant: tenant, actor: "steward", now: now)
    }

    /// Moves open breakers whose open period ended to half-open (or closed, for alert-only ones),
    /// and resets the breakers of rules no longer in the configuration: their rows would otherwise
    /// hold actions that no listed breaker explains and no command can reach.
    public func tick(tenants: [String]) async {
        let now = clock.now()
        for tenant in tenants {
            guard let current = await statuses(tenant) else { continue }
            let transitions = current.values.compactMap { entry in
                rules.rule(entry.status.rule) == nil
                    ? BreakerMachine.command(
                        entry.status, .reset, by: "steward", reason: "its rule '\(entry.status.rule)' is no longer in governance.breakers", now: now)
                    : BreakerMachine.tick(entry.status, now: now)
            }
            await apply(transitions, tenant: tenant, actor: "steward", now: now)
        }
    }

    /// Every breaker of `tenant`: each rule's (closed unless its row says otherwise) and each paused type's.
    public func list(tenant: String) async throws(SpineError) -> [BreakerStatus] {
        let current = try await load(tenant)
        let now = clock.now()
        var out: [BreakerStatus] = []
        for compiled in rules.rules {
            let rule = compiled.rule
            out.append(current[rule.id]?.status ?? BreakerStatus(rule: rule, actionType: nil, now: now))
            out += current.values.map(\.status).filter { $0.rule == rule.id && $0.actionType != nil }.sorted { $0.id < $1.id }
        }
        return out
    }

    /// The figures a rule sees now in `tenant`'s window (about `type`, for per-type rules), from
    /// the breaker's fresh start (`countsFrom`) on.
    public func figures(rule: BreakerRule, tenant: String, type: String?, since: Timestamp?) async -> BreakerVariables {
        let now = clock.now()
        // Before the tenant's first event since the start its windows are read from the ledger,
        // as that event will read them (QA r7 breakers L2); not kept, so the event's own entry,
        // committed before it is recorded, is never counted twice.
        let board = if let board = boards[tenant] { board } else { await refilled(tenant, now: now) }
        return board.variables(rule, type: type, at: now, since: since)
    }

    /// An operator's reset, force-open, disable or enable of breaker `id` (`rule` or `rule:type`):
    /// the breaker after it, and whether it changed anything (a command its state does not take,
    /// such as a second reset, changes nothing and writes no entry).
    ///
    /// A typed id names a breaker that could trip: a `pause_command_type` rule and a configured
    /// action type the rule watches. Any other is no breaker (404), and nothing is written; a row
    /// already stored under the id (a type since removed from the configuration) still takes commands.
    /// `by` is who the sentence names; `actor` what the ledger records (the key's `key:<id>`), `by` when nil.
    public func command(
        _ command: BreakerCommand, id: String, tenant: String, by name: String, actor: String? = nil, reason: String?
    ) async throws(SpineError) -> (status: BreakerStatus, changed: Bool) {
        let actor = actor ?? name
        let parts = id.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        guard let first = parts.first, let rule = rules.rule(first) else { throw .notFound("breaker \(id)") }
        let type = parts.count > 1 ? parts[1] : nil
        if let type, type.isEmpty || rule.action != .pauseCommandType { throw .notFound("breaker \(id)") }
        if command == .enable && !rule.enabled {
            throw .conflict("rule '\(rule.name)' is disabled in the configuration (enabled: false); enable it there")
        }
        if let reason, reason.count > 2000 { throw .invalid([.init(field: "reason", reason: "must be at most 2000 characters")]) }
        if let type, !(actionTypes.contains(type) && rule.watches(type)), try await load(tenant)[id] == nil {
            throw .notFound("breaker \(id)")
        }
        for _ in 0..<4 {
            let current = try await load(tenant)
            let now = clock.now()
            let status = current[id]?.status ?? BreakerStatus(rule: rule, actionType: type, now: now)
            guard var t = BreakerMachine.command(status, command, by: name, reason: reason, now: now) else { return (status, false) }
            t.note = reason
            if await apply([t], tenant: tenant, actor: actor, now: now) { return (t.status, true) }
        }
        throw .conflict("the breaker kept changing; try again")
    }

    /// The tenant's windows after a start, refilled from the ledger's entries of the longest window.
    private func refilled(_ tenant: String, now: Timestamp) async -> BreakerBoard {
        var board = BreakerBoard(rules: rules, attributionMinutes: settings.attributionMinutes)
        let longest = max(rules.windows.map(\.seconds).max() ?? 0, settings.attributionMinutes * 60)
        var after: Int64 = 0
        do {
            while true {
                let page = try await store.ledger(tenant: tenant, query: LedgerQuery(
                    afterSeq: after, kinds: ["action.executed", "action.outcome", "action.rolled_back", "incident.opened"],
                    from: now.adding(seconds: -Double(longest)), limit: 1000))
                for row in page.rows {
                    guard let entry = try? row.entry(), let event = BreakerEntry.event(row.kind, entry.payload) else { continue }
                    let p = entry.payload
                    if case .incident = event {
                        guard board.attributes(incidentOn: p["agent"]?.stringValue ?? "", at: row.ts) else { continue }
                    } else if row.kind == "action.executed", let agent = p["agent"]?.stringValue {
                        board.executed(agent: agent, autonomous: p["autonomous"] == .bool(true), at: row.ts)
                    }
                    board.record(event, at: row.ts, durationMs: p["durationMs"]?.intValue)
                }
                guard let next = page.nextCursor else { break }
                after = next
            }
        } catch {
            logger.warning("breaker windows not refilled from the ledger", metadata: ["tenant": "\(tenant)", "error": "\(error)"])
        }
        boards[tenant] = board
        return board
    }

    /// The rows of `tenant`, from the cache or the store (nil, logged, when unreadable).
    private func statuses(_ tenant: String) async -> [String: (status: BreakerStatus, version: Int64)]? {
        do {
            return try await load(tenant)
        } catch {
            logger.error("breaker rows unreadable", metadata: ["tenant": "\(tenant)", "error": "\(error)"])
            return nil
        }
    }

    private func load(_ tenant: String) async throws(SpineError) -> [String: (status: BreakerStatus, version: Int64)] {
        let now = clock.now()
        if let cached = rows[tenant], let readAt = rowsReadAt[tenant], now.milliseconds(since: readAt) < Self.rowsFreshMilliseconds {
            return cached
        }
        let documents: [ProjectionDocument]
        do {
            documents = try await store.projections(ProjectionQuery(tenant: tenant, collection: Self.collection, limit: 1000))
        } catch {
            throw .store(error)
        }
        var loaded: [String: (status: BreakerStatus, version: Int64)] = [:]
        for document in documents {
            if let status = try? JSONValueDecoder.decode(BreakerStatus.self, from: document.body) { loaded[status.id] = (status, document.version) }
        }
        rows[tenant] = loaded
        rowsReadAt[tenant] = now
        return loaded
    }

    /// Commits `transitions` (with a level change when L3 starts or ends) and sends their alerts;
    /// false when another writer changed a row first (the cache is then dropped and reloaded).
    @discardableResult
    private func apply(_ transitions: [BreakerTransition], tenant: String, actor: String, now: Timestamp) async -> Bool {
        guard !transitions.isEmpty, let current = rows[tenant] else { return true }
        var commit = StoreCommit(drafts: [], projections: [])
        var after = current
        do {
            for t in transitions {
                let s = t.status
                commit.drafts.append(try LedgerDraft(
                    tenant: tenant, ts: now, kind: t.kind, subject: "breaker:\(s.id)", actor: actor,
                    payload: BreakerEntry.payload(t), configRevision: revision))
                commit.projections.append(.put(ProjectionDocument(
                    tenant: tenant, collection: Self.collection, id: s.id, status: s.rowStatus, ref: s.rule, body: try JSONValueEncoder.encode(s))))
                commit.preconditions.append(ProjectionPrecondition(
                    tenant: tenant, collection: Self.collection, id: s.id, expectedVersion: current[s.id]?.version ?? 0))
                after[s.id] = (s, 0)
            }
            let wasL3 = current.values.contains { $0.status.holdsTenantAtL3 }, isL3 = after.values.contains { $0.status.holdsTenantAtL3 }
            let level = wasL3 != isL3 ? await storedLevel(tenant) : .l3
            if wasL3 != isL3 && level != .l3 {
                let cause = transitions.first { $0.status.action == .revertToL3 }?.status.id ?? ""
                commit.drafts.append(try LedgerDraft(
                    tenant: tenant, ts: now, kind: "autonomy.level_changed", subject: "tenant:\(tenant)", actor: actor,
                    payload: [
                        "from": .string(isL3 ? level.rawValue : AutonomyLevel.l3.rawValue), "to": .string(isL3 ? AutonomyLevel.l3.rawValue : level.rawValue),
                        "by": "breaker", "breaker": .string(cause),
                    ], configRevision: revision))
            }
            _ = try await store.commit(commit)
        } catch {
            rows[tenant] = nil
            logger.warning("breaker change not recorded", metadata: ["tenant": "\(tenant)", "error": "\(error)"])
            return false
        }
        rows[tenant] = nil  // versions moved; read them again on the next event
        // An operator's silence of a breaker (a deploy window) keeps its notifications off the
        // channel; the transitions are in the ledger all the same.
        let silences = transitions.contains(where: \.alerts) ? ((try? await Alerts.silences(in: store, tenant: tenant)) ?? []) : []
        for t in transitions where t.alerts {
            logger.notice("breaker \(t.kind)", metadata: ["tenant": "\(tenant)", "breaker": "\(t.status.id)", "reason": "\(t.status.reason)"])
            if let silence = silences.first(where: { $0.matchesBreaker(t.status.id, at: now) }) {
                logger.notice("breaker notification silenced", metadata: ["tenant": "\(tenant)", "breaker": "\(t.status.id)", "silence": "\(silence.id)"])
                continue
            }
            await alerts.send(BreakerEntry.notification(t, tenant: tenant, now: now))
        }
        return true
    }

    /// The level the tenant's settings give, before breakers.
    private func storedLevel(_ tenant: String) async -> AutonomyLevel {
        let stored = try? await store.tenantAutonomy(tenant, defaults: autonomy)
        return (stored ?? .configured(autonomy)).effectiveLevel
    }
}
