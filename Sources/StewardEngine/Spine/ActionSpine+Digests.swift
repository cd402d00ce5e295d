public import StewardCore

/// Seed 003's daily digest per account: built on request, published at the digest hour, and
/// completed the next day when autopilot acted after it was made, so every autonomous action is
/// told in a digest that was sent (the digest is a gate on scheduled runs: ``GateState``).
extension ActionSpine {
    /// The account's digest for a UTC day: the stored one if it was made, else built now. With
    /// `agents` (a bound key's reading), built now from those agents' actions only.
    public func digest(
        tenant: String, account: String, date: String, agents: [String]? = nil
    ) async throws(SpineError) -> (digest: AccountDigest, stored: Bool) {
        guard let start = Timestamp.startOfUTCDay(date) else { throw .invalid([.init(field: "date", reason: "must be a day as YYYY-MM-DD")]) }
        // A day that has not begun has nothing to report; built now, it would look final.
        let now = clock.now()
        guard start <= now else { throw .invalid([.init(field: "date", reason: "is after today (\(now.utcDay), UTC); a digest covers a day that has begun")]) }
        try ProposalCheck.requireAccount(account)
        if agents == nil, let row = try await state.row(tenant, SpineRows.digests, SpineRows.digest(account, date)) {
            return (try state.decode(AccountDigest.self, row), true)
        }
        let records = try await actions(tenant: tenant, status: nil, account: account, agent: nil, within: agents, after: nil, limit: 100_000)
        guard let digest = AccountDigest.build(tenant: tenant, account: account, date: date, from: records, generatedAt: clock.now()) else {
            throw .invalid([.init(field: "date", reason: "must be a day as YYYY-MM-DD")])
        }
        return (digest, false)
    }

    /// Makes, stores and sends the digest of every account of every tenant with actions, for `date`.
    /// A digest already stored is not made again, so a second run (or replica) sends nothing twice;
    /// with `completing`, one made before the day ended is made again, stored and sent when
    /// autopilot ran something it does not list.
    public func publishDigests(date: String, completing: Bool = false) async throws(SpineError) -> Int {
        guard Timestamp.startOfUTCDay(date) != nil else { throw .invalid([.init(field: "date", reason: "must be a day as YYYY-MM-DD")]) }
        var published = 0
        let tenants: [String]
        do { tenants = try await store.tenants() } catch { throw .store(error) }
        for tenant in tenants where !tenant.hasPrefix("_") {
            // One read of the day's actions, each account's digest built from its share.
            var byAccount: [String: [ActionRecord]] = [:]
            for record in try await actionsOfDay(tenant: tenant, date: date) {
                if let account = record.proposal.account { byAccount[account, default: []].append(record) }
            }
            for (account, records) in byAccount.sorted(by: { $0.key < $1.key }) {
                let row = try await state.row(tenant, SpineRows.digests, SpineRows.digest(account, date))
                if let row {
                    guard completing else { continue }
                    let stored = try state.decode(AccountDigest.self, row)
                    let told = Set(stored.autopilot.map(\.actionID))
                    guard let digest = AccountDigest.build(tenant: tenant, account: account, date: date, from: records, generatedAt: clock.now()) else { continue }
                    let added = digest.autopilot.count { !told.contains($0.actionID) }
                    // Completed when it misses a run, and whenever the gate holds scheduled runs for
                    // it (day rows written before `lastAt` was kept leave only the first way).
                    let owed = added > 0 ? true : try await owesDigest(tenant: tenant, account: account, date: date, stored: stored)
                    guard owed else { continue }
                    if try await store(digest, tenant: tenant, version: row.version, completing: added) { published += 1 }
                    continue
                }
                // Made late (a missed hour), a digest is sent only for what happened that day: what
                // merely still waits is in today's digest, not in one more per missed day.
                guard let digest = AccountDigest.build(tenant: tenant, account: account, date: date, from: records, generatedAt: clock.now()),
                      digest.totals.autopilot + digest.totals.approved + digest.totals.blocked
                        + (completing ? 0 : digest.totals.awaiting + digest.totals.deferred) > 0
                else { continue }
                if try await store(digest, tenant: tenant, version: nil, completing: 0) { published += 1 }
            }
        }
        return published
    }

    /// The ledger entries that place an action in a day's digest: a decision, or an execution start.
    static let digestKinds = ["action.proposed", "action.redecided", "action.execution_started", "action.dispatched"]

    /// The tenant's actions a digest of `date` may list, whatever their number: those decided or
    /// started that day (found through the day's ledger entries) and all still waiting for a
    /// person or deferred. Reading every action instead grew with the tenant's whole history.
    func actionsOfDay(tenant: String, date: String) async throws(SpineError) -> [ActionRecord] {
        guard let start = Timestamp.startOfUTCDay(date) else { return [] }
        var found: [String: ActionRecord] = [:]
        for status in [ActionStatus.pendingApproval, .deferred] {
            for record in try await allActions(tenant: tenant, status: status) { found[record.proposal.id] = record }
        }
        var ids: Set<String> = []
        var query = LedgerQuery(kinds: Self.digestKinds, from: start, to: start.adding(milliseconds: Timestamp.millisecondsPerDay), limit: 1000)
        while true {
            let page: LedgerPage
            do { page = try await store.ledger(tenant: tenant, query: query) } catch { throw .store(error) }
            for row in page.rows where row.subject.hasPrefix("action:") { ids.insert(String(row.subject.dropFirst("action:".count))) }
            guard let next = page.nextCursor else { break }
            query.afterSeq = next
        }
        for record in try await actions(ids: ids.subtracting(found.keys).sorted(), tenant: tenant) { found[record.proposal.id] = record }
        return found.values.sorted { $0.proposal.id < $1.proposal.id }
    }

    /// Whether autopilot acted for the account on `date` after `stored` was made.
    private func owesDigest(tenant: String, account: String, date: String, stored: AccountDigest) async throws(SpineError) -> Bool {
        let activity = try await state.row(tenant, SpineRows.daily, SpineRows.accountDay(account, date))
        return GateState.digestOwed(day: date, activity: activity?.body, made: stored.generatedAt) != nil
    }

    /// Stores `digest` (new, or replacing the row at `version`) with its ledger entry and sends it;
    /// false when another replica stored it first.
    private func store(_ digest: AccountDigest, tenant: String, version: Int64?, completing added: Int) async throws(SpineError) -> Bool {
        let now = clock.now(), account = digest.account, date = digest.date
        let key = DocumentKey(SpineRows.digests, SpineRows.digest(account, date))
        do {
            var commit = StoreCommit()
            let body = try commit.record(
                digest, tenant: tenant, row: key, ref: account, isNew: version == nil,
                kind: version == nil ? "digest.generated" : "digest.completed", subject: "account:\(account)", actor: "steward", at: now,
                revision: rules.revision)
            if let version { commit.preconditions.append(ProjectionPrecondition(tenant: tenant, collection: key.collection, id: key.id, expectedVersion: version)) }
            _ = try await store.commit(commit)
            let totals = digest.totals
            let what = version == nil
                ? "Steward's digest for \(account) on \(date)"
                : "Steward's completed digest for \(account) on \(date) (\(added) more on autopilot since the first)"
            await alerts.send(Notification(
                kind: "digest", tenant: tenant, subject: "account:\(account)",
                payload: ["date": .string(date), "markdown": .string(digest.markdown()), "digest": body, "completed": .bool(version != nil)], ts: now,
                text: "\(what): \(totals.autopilot) on autopilot, \(totals.awaiting) awaiting a person, \(totals.deferred) deferred, \(totals.blocked) blocked"))
            return true
        } catch let error as StoreError where error.code == .conflict {
            return false  // another replica stored it first
        } catch let error as StoreError {
            throw .store(error)
        } catch {
            throw .store(StoreError(.invalid, operation: "store digest", reason: "\(error)"))
        }
    }
}
