public import StewardCore

/// Reads what the gate needs for one proposal from the state rows: the autonomy of the tenant and
/// account, today's counters, open breakers, the kill switch and the learned success rate.
public struct GateState: Sendable {
    let store: any Store
    let rules: SpineRules

    /// A reader over `store`.
    public init(store: any Store, rules: SpineRules) {
        self.store = store
        self.rules = rules
    }

    /// The tenant's autonomy: as the API left it, or the configuration's defaults.
    public func tenantAutonomy(_ tenant: String) async throws(SpineError) -> TenantAutonomy {
        try await store.tenantAutonomy(tenant, defaults: rules.configuration.autonomy)
    }

    /// An account's own settings: as the API left them, else the configuration's, else none.
    public func accountAutonomy(_ account: String, tenant: String) async throws(SpineError) -> AccountAutonomy? {
        if let row = try await row(tenant, SpineRows.autonomy, SpineRows.accountAutonomy(account)) {
            return try decode(AccountAutonomy.self, row)
        }
        return rules.configuredAccount(account, tenant: tenant)
    }

    /// The gate input for `proposal` of `type` at `now`, from one read of the rows it needs.
    public func input(for proposal: ActionProposal, type: ActionType, now: Timestamp) async throws(SpineError) -> GateInput {
        try await reading(for: proposal, type: type, now: now).input
    }

    /// The gate input with the version of the tenant's autonomy row it was read from (0: no row
    /// yet), so a commit can require that the kill switch and mode have not changed since.
    func reading(for proposal: ActionProposal, type: ActionType, now: Timestamp) async throws(SpineError) -> GateReading {
        let tenant = proposal.tenant
        let day = now.utcDay
        var keys = [
            DocumentKey(SpineRows.autonomy, SpineRows.tenantAutonomy), DocumentKey(SpineRows.daily, SpineRows.tenantDay(day)),
            DocumentKey(SpineRows.stats, SpineRows.stats(type: proposal.type, agent: proposal.agent)),
        ]
        if let a = proposal.account {
            keys += [
                DocumentKey(SpineRows.autonomy, SpineRows.accountAutonomy(a)), DocumentKey(SpineRows.daily, SpineRows.accountDay(a, day)),
                DocumentKey(SpineRows.counters, SpineRows.account(a)),
            ]
        }
        // A scheduled or event run waits for the digests of the last days' autopilot (seed 003 mode 4).
        // Only those runs pay for it: an agent's proposal reads nothing more.
        let pastDays = proposal.trigger.isAutonomousRun && proposal.account != nil ? AccountDigest.lookBack(before: now) : []
        let digestKeys = proposal.account.map { a in
            pastDays.flatMap { [DocumentKey(SpineRows.daily, SpineRows.accountDay(a, $0)), DocumentKey(SpineRows.digests, SpineRows.digest(a, $0))] }
        } ?? []
        keys += digestKeys
        let (found, breakers) = try await rows(keys, breakersFor: proposal, now: now)
        let rows = Dictionary(found.map { (DocumentKey($0.collection, $0.id), $0) }, uniquingKeysWith: { a, _ in a })
        func body(_ key: DocumentKey?) -> JSONValue? { key.flatMap { rows[$0]?.body } }
        let autonomy = try rows[keys[0]].map { row throws(SpineError) in try decode(TenantAutonomy.self, row) } ?? rules.defaultAutonomy()
        var account: AccountAutonomy?
        if let a = proposal.account {
            account = try rows[keys[3]].map { row throws(SpineError) in try decode(AccountAutonomy.self, row) }
                ?? rules.configuredAccount(a, tenant: tenant)
        }
        let tenantDay = body(keys[1])
        let accountDay = proposal.account == nil ? nil : body(keys[4])
        let counters = proposal.account == nil ? nil : body(keys[5])
        let budget = rules.budget(of: proposal, autonomy: autonomy)
        var facts = GateFacts(autonomy: autonomy, account: account)
        facts.spentUsd = tenantDay?[budget.field]?.doubleValue ?? 0
        facts.escalationsToday = Int(tenantDay?["escalations"]?.doubleValue ?? 0)
        facts.autonomousToday = Int(accountDay?["autonomous"]?.doubleValue ?? 0)
        facts.lastDecisionAt = (counters?["lastDecisionAt"]?.doubleValue).map { Timestamp(millisecondsSinceEpoch: Int64($0)) }
        facts.openActions = Int(counters?["open"]?.doubleValue ?? 0)
        facts.successProbability = Self.posterior(body(keys[2])).mean
        facts.breakers = breakers
        facts.digestOwed = pastDays.indices.lazy.compactMap { i in
            Self.digestOwed(day: pastDays[i], activity: body(digestKeys[2 * i]), digest: body(digestKeys[2 * i + 1]))
        }.first
        let input = rules.gateInput(for: proposal, type: type, facts: facts, budget: budget, now: now)
        return GateReading(input: input, autonomyVersion: rows[keys[0]]?.version ?? 0, budget: budget)
    }

    /// `day` when autopilot acted for the account that day after its stored digest was made (or
    /// with none stored); nil when the digest told it all. Rows from before `lastAt` was kept count
    /// as told.
    static func digestOwed(day: String, activity: JSONValue?, digest: JSONValue?) -> String? {
        let made = digest.map { (try? JSONValueDecoder.decode(Timestamp.self, from: $0["generatedAt"] ?? .null)) ?? Timestamp(millisecondsSinceEpoch: 0) }
        return digestOwed(day: day, activity: activity, made: made)
    }

    /// `digestOwed(day:activity:digest:)` with the stored digest's making time (nil: none stored).
    static func digestOwed(day: String, activity: JSONValue?, made: Timestamp?) -> String? {
        guard let activity, (activity["autonomous"]?.doubleValue ?? 0) > 0 else { return nil }
        guard let made else { return day }
        return Double(made.millisecondsSinceEpoch) < (activity[SpineRows.lastAutonomousAt]?.doubleValue ?? 0) ? day : nil
    }

    /// The learned posterior of a stats row: the uniform prior plus what outcomes added.
    static func posterior(_ body: JSONValue?) -> BetaPosterior {
        BetaPosterior(
            alpha: BetaPosterior.prior.alpha + (body?["alpha"]?.doubleValue ?? 0),
            beta: BetaPosterior.prior.beta + (body?["beta"]?.doubleValue ?? 0))
    }

    /// The rows of `keys` and the breakers open for `proposal` (the open breakers and its skill's
    /// active holds), in one read. If that read fails, the rows are read alone (their failure is
    /// the caller's), and breakers that cannot be read hold everything for a person, so decisions
    /// behave as L3 while governance state is unknown (seed 002, open question 3).
    func rows(_ keys: [DocumentKey], breakersFor proposal: ActionProposal, now: Timestamp) async throws(SpineError) -> (
        rows: [ProjectionDocument], breakers: [OpenBreaker]
    ) {
        let tenant = proposal.tenant, skill = ProposalSkill.of(proposal)
        let breakers = ProjectionQuery(tenant: tenant, collection: "breakers", status: "open", limit: 500)
        let holds = ProjectionQuery(tenant: tenant, collection: SkillHold.collection, ref: skill, limit: 100)
        if let reads = try? await store.projections(tenant: tenant, keys: keys, queries: [breakers, holds]) {
            return (reads.keyed, Self.openBreakers(reads.listed[0], now: now) + Self.activeHolds(reads.listed[1], now: now))
        }
        let rows: [ProjectionDocument]
        do {
            rows = try await store.projections(tenant: tenant, keys: keys)
        } catch {
            throw .store(error)
        }
        var open: [OpenBreaker]
        do {
            open = Self.openBreakers(try await store.projections(breakers), now: now)
        } catch {
            open = [OpenBreaker(name: "governance-unreadable", reason: "the breaker state could not be read (\(error)), so Steward behaves as L3")]
        }
        do {
            open += Self.activeHolds(try await store.projections(holds), now: now)
        } catch {
            open.append(.hold(skill: skill, reason: "its holds could not be read (\(error)), so Steward treats it as held"))
        }
        return (rows, open)
    }

    /// The open breakers among breaker rows.
    static func openBreakers(_ rows: [ProjectionDocument], now: Timestamp) -> [OpenBreaker] {
        // Alert-only and shadow breakers hold nothing back; rows written before they had their
        // own status (`alerting`) still say `open`, so the body decides.
        rows.filter { $0.body["alertsOnly"] != .bool(true) }.compactMap { row in
            guard var open = try? JSONValueDecoder.decode(OpenBreaker.self, from: row.body) else { return nil }
            // Half-open waits for probes, which are actions a person approves: a blocking breaker
            // that still refused them would never close (QA r7 breakers M1). An open period that
            // ended before the round moved the breaker on counts as over.
            if open.blocks, let status = try? JSONValueDecoder.decode(BreakerStatus.self, from: row.body),
               status.state == .halfOpen || (status.state == .open && status.probeAt.map { now >= $0 } == true) {
                open.blocks = false
            }
            return open
        }
    }

    /// The tenant's open breakers that refuse `proposal` outright (`blocks: true`, not half-open).
    func blockingBreakers(for proposal: ActionProposal, now: Timestamp) async throws(SpineError) -> [OpenBreaker] {
        do {
            let rows = try await store.projections(ProjectionQuery(tenant: proposal.tenant, collection: "breakers", status: "open", limit: 500))
            return Self.openBreakers(rows, now: now).filter { $0.blocks && $0.applies(to: proposal) }
        } catch {
            throw .store(error)
        }
    }

    /// The holds among skill-hold rows active at `now`, as open breakers (``ProposalSkill``).
    static func activeHolds(_ rows: [ProjectionDocument], now: Timestamp) -> [OpenBreaker] {
        rows.compactMap { try? JSONValueDecoder.decode(SkillHold.self, from: $0.body) }.filter { $0.isActive(at: now) }.map(\.breaker)
    }

    /// One state row.
    func row(_ tenant: String, _ collection: String, _ id: String) async throws(SpineError) -> ProjectionDocument? {
        do {
            return try await store.projection(tenant: tenant, collection: collection, id: id)
        } catch {
            throw .store(error)
        }
    }

    func decode<T: Decodable>(_ type: T.Type, _ row: ProjectionDocument) throws(SpineError) -> T {
        do {
            return try JSONValueDecoder.decode(T.self, from: row.body)
        } catch {
            throw .store(StoreError(.corrupt, operation: "read \(row.collection)/\(row.id)", reason: "\(error)"))
        }
    }
}

extension Optional {
    /// `map` with an async, throwing transform.
    func asyncMap<U, E: Error>(_ transform: (Wrapped) async throws(E) -> U) async throws(E) -> U? {
        switch self {
        case .some(let value): try await transform(value)
        case .none: nil
        }
    }
}
