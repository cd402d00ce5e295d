public import StewardCore

/// What the spine learned: rankings with calibration.
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
}
