public import StewardCore

/// Seed 003's daily digest per account: built on request, published at the digest hour, and
/// completed the next day when autopilot acted after it was made, so every autonomous action is
/// told in a digest that was sent (the digest is a gate on scheduled runs: ``GateState``).
extension ActionSpine {
    /// The account's digest for a UTC day: the stored one if it was made, else built now.
    public func digest(tenant: String, account: String, date: String) async throws(SpineError) -> (digest: AccountDigest, stored: Bool) {
        let (digest, row) = try await digestWithRow(tenant: tenant, account: account, date: date)
        return (digest, row != nil)
    }

    /// The digest as `digest(tenant:account:date:)` gives it, with the stored row's version.
    private func digestWithRow(tenant: String, account: String, date: String) async throws(SpineError) -> (AccountDigest, Int64?) {
        guard let start = Timestamp.startOfUTCDay(date) else { throw .invalid([.init(field: "date", reason: "must be a day as YYYY-MM-DD")]) }
        // A day that has not begun has nothing to report; built now, it would look final.
        let now = clock.now()
        guard start <= now else { throw .invalid([.init(field: "date", reason: "is after today (\(now.utcDay), UTC); a digest covers a day that has begun")]) }
        try ProposalCheck.requireAccount(account)
        if let row = try await state.row(tenant, SpineRows.digests, SpineRows.digest(account, date)) {
            return (try state.decode(AccountDigest.self, row), row.version)
        }
        return (try await build(tenant: tenant, account: account, date: date), nil)
    }

    private func build(tenant: String, account: String, date: String) async throws(SpineError) -> AccountDigest {
        let records = try await actions(tenant: tenant, status: nil, account: account, agent: nil, after: nil, limit: 100_000)
        guard let digest = AccountDigest.build(tenant: tenant, account: account, date: date, from: records, generatedAt: clock.now()) else {
            throw .invalid([.init(field: "date", reason: "must be a day as YYYY-MM-DD")])
        }
        return digest
    }

    /// Makes, stores and sends the digest of every account of every tenant with actions, for `date`.
    /// A digest already stored is not made again, so a second run (or replica) sends nothing twice;
    /// with `completing`, one made before the day ended is made again, stored and sent when
    /// autopilot ran something it does not list.
    public func publishDigests(date: String, completing: Bool = false) async throws(SpineError) -> Int {
        var published = 0
        let tenants: [String]
        do { tenants = try await store.tenants() } catch { throw .store(error) }
        for tenant in tenants where !tenant.hasPrefix("_") {
            var accounts: Set<String> = []
            for record in try await actions(tenant: tenant, status: nil, account: nil, agent: nil, after: nil, limit: 100_000) {
                if let account = record.proposal.account { accounts.insert(account) }
            }
            for account in accounts.sorted() {
                var (digest, version) = try await digestWithRow(tenant: tenant, account: account, date: date)
                var added = 0
                if version != nil {
                    // Completed exactly when the gate holds scheduled runs for it.
                    guard completing, try await owesDigest(tenant: tenant, account: account, date: date, stored: digest) else { continue }
                    let told = Set(digest.autopilot.map(\.actionID))
                    digest = try await build(tenant: tenant, account: account, date: date)
                    added = digest.autopilot.count { !told.contains($0.actionID) }
                } else if digest.totals.autopilot + digest.totals.approved + digest.totals.awaiting + digest.totals.deferred + digest.totals.blocked == 0 {
                    continue
                }
                if try await store(digest, tenant: tenant, version: version, completing: added) { published += 1 }
            }
        }
        return published
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
