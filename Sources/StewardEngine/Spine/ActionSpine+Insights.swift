public import StewardCore

/// What the spine learned and what it tells people: rankings with calibration, daily digests.
extension ActionSpine {
    /// Learned success per (action type, agent), ranked by expected value, with the calibration of
    /// the predictions made so far.
    public struct Rankings: Sendable, Codable {
        /// Ranked (type, agent) pairs.
        public var ranking: [RankedAction]
        /// Predicted vs observed success by decile.
        public var calibration: CalibrationTable
    }

    /// The tenant's rankings, optionally for one agent or one action type.
    public func rankings(tenant: String, agent: String?, type: String?) async throws(SpineError) -> Rankings {
        var candidates: [RankingCandidate] = []
        var cursor: String?
        repeat {
            let rows: [ProjectionDocument]
            do {
                rows = try await store.projections(ProjectionQuery(tenant: tenant, collection: SpineRows.stats, afterID: cursor, limit: 500))
            } catch { throw .store(error) }
            for row in rows {
                let parts = row.id.split(separator: "|", maxSplits: 1).map(String.init)
                guard parts.count == 2, let actionType = rules.types[parts[0]] else { continue }
                if let agent, parts[1] != agent { continue }
                if let type, parts[0] != type { continue }
                candidates.append(RankingCandidate(
                    actionType: parts[0], agent: parts[1], impactPoints: actionType.impactPoints,
                    dollarsPerPoint: rules.configuration.remediation.values.dollars(perPointOf: actionType.domain),
                    costUsd: actionType.costUsd, posterior: GateState.posterior(row.body)))
            }
            cursor = rows.count == 500 ? rows.last?.id : nil
        } while cursor != nil
        var settled: [ActionRecord] = []
        for status in [ActionStatus.succeeded, .failed, .rejected] {
            for record in try await actions(tenant: tenant, status: status, account: nil, agent: agent, after: nil, limit: 50_000)
            where type == nil || record.proposal.type == type {
                settled.append(record)
            }
        }
        return Rankings(ranking: ActionRanking.rank(candidates), calibration: CalibrationTable(records: settled))
    }

    /// The account's digest for a UTC day: the stored one if it was made, else built now.
    public func digest(tenant: String, account: String, date: String) async throws(SpineError) -> (digest: AccountDigest, stored: Bool) {
        guard let start = Timestamp.startOfUTCDay(date) else { throw .invalid([.init(field: "date", reason: "must be a day as YYYY-MM-DD")]) }
        // A day that has not begun has nothing to report; built now, it would look final.
        let now = clock.now()
        guard start <= now else { throw .invalid([.init(field: "date", reason: "is after today (\(now.utcDay), UTC); a digest covers a day that has begun")]) }
        try ProposalCheck.requireAccount(account)
        if let row = try await state.row(tenant, SpineRows.digests, "\(account)/\(date)") {
            return (try state.decode(AccountDigest.self, row), true)
        }
        let records = try await actions(tenant: tenant, status: nil, account: account, agent: nil, after: nil, limit: 100_000)
        guard let digest = AccountDigest.build(tenant: tenant, account: account, date: date, from: records, generatedAt: clock.now()) else {
            throw .invalid([.init(field: "date", reason: "must be a day as YYYY-MM-DD")])
        }
        return (digest, false)
    }

    /// Makes, stores and sends the digest of every account of every tenant with actions, for `date`.
    /// A digest already stored is not made again, so a second run (or replica) sends nothing twice.
    public func publishDigests(date: String) async throws(SpineError) -> Int {
        var published = 0
        let tenants: [String]
        do { tenants = try await store.tenants() } catch { throw .store(error) }
        for tenant in tenants where !tenant.hasPrefix("_") {
            var accounts: Set<String> = []
            for record in try await actions(tenant: tenant, status: nil, account: nil, agent: nil, after: nil, limit: 100_000) {
                if let account = record.proposal.account { accounts.insert(account) }
            }
            for account in accounts.sorted() {
                let (digest, stored) = try await self.digest(tenant: tenant, account: account, date: date)
                guard !stored, digest.totals.autopilot + digest.totals.approved + digest.totals.awaiting + digest.totals.deferred + digest.totals.blocked > 0 else { continue }
                let now = clock.now()
                do {
                    var commit = StoreCommit()
                    let body = try commit.record(
                        digest, tenant: tenant, row: DocumentKey(SpineRows.digests, "\(account)/\(date)"), ref: account, isNew: true,
                        kind: "digest.generated", subject: "account:\(account)", actor: "steward", at: now, revision: rules.revision)
                    _ = try await store.commit(commit)
                    published += 1
                    await alerts.send(Notification(
                        kind: "digest", tenant: tenant, subject: "account:\(account)",
                        payload: ["date": .string(date), "markdown": .string(digest.markdown()), "digest": body], ts: now,
                        text: "Steward's digest for \(account) on \(date): \(digest.totals.autopilot) on autopilot, \(digest.totals.awaiting) awaiting a person, "
                            + "\(digest.totals.deferred) deferred, \(digest.totals.blocked) blocked"))
                } catch let error as StoreError where error.code == .conflict {
                    continue  // another replica stored it first
                } catch let error as StoreError {
                    throw .store(error)
                } catch {
                    throw .store(StoreError(.invalid, operation: "store digest", reason: "\(error)"))
                }
            }
        }
        return published
    }
}
