import Logging
import StewardCore

extension Remediator {
    /// How long a refresh request stands before the sweep asks again.
    static let refreshRequestMilliseconds: Int64 = 10 * 60_000

    /// Enforces the freshness contracts of seed 000 §4 ahead of failures: each contracted source
    /// the tenant's agents depend on that is past its target, with no incident about it and no
    /// recent request, gets a `refetchSource` step through the gate, handed to its first
    /// dependent agent. Returns how many were requested.
    @discardableResult
    public func sweepSources(tenant: String) async -> Int {
        let contracted = rules.configuration.sources.filter { $0.freshnessTargetMinutes != nil }
        let agents = rules.configuration.agents.filter { $0.tenant == tenant }
        guard !contracted.isEmpty, !agents.isEmpty else { return 0 }
        do {
            guard try await stopReason(tenant: tenant) == nil else { return 0 }
            let keys = contracted.map { DocumentKey(HealingRows.sources, $0.name) }
            let found = try await decoded.rows(SourceRow.self, tenant: tenant, keys: keys, store: store)
            let now = clock.now()
            var requested = 0
            for spec in contracted {
                guard let agent = agents.filter({ $0.dependencies.contains(spec.name) }).map(\.name).min() else { continue }
                let current = found[DocumentKey(HealingRows.sources, spec.name)]
                var row = current?.value ?? SourceRow(name: spec.name)
                guard row.isStale(spec, now: now), row.incident == nil else { continue }
                if let asked = row.refreshRequestedAt, now.milliseconds(since: asked) < Self.refreshRequestMilliseconds { continue }
                let proposal = ActionProposal(
                    id: newID("act_refresh"), tenant: tenant, agent: agent, type: Primitive.refetchSource.rawValue,
                    params: ["source": .string(spec.name), "reason": "freshness contract"], trigger: .remediation, impactPoints: 0)
                let record = try await spine.propose(proposal, actor: "steward")
                row.refreshRequestedAt = now
                var change = HealingChange(tenant: tenant)
                try change.put(HealingRows.sources, spec.name, row, expectedVersion: current?.version ?? 0)
                // One standing request per source: the lapsed one is no longer the agent's to run.
                try await withdrawRefreshRequests(
                    for: spec.name, except: record.proposal.id, tenant: tenant, reason: "replaced by \(record.proposal.id)", change: &change, now: now)
                change.log("source.refresh_requested", subject: "source:\(spec.name)", [
                    "source": .string(spec.name), "action": .string(record.proposal.id), "agent": .string(agent),
                    "decision": .string(record.decision.outcome.rawValue),
                    "lastRefreshedAt": row.lastRefreshedAt.map { .string($0.rfc3339) } ?? .null,
                    "targetMinutes": .int(Int64(spec.freshnessTargetMinutes ?? 0)),
                ])
                _ = try await store.apply(change.commit(actor: "steward", revision: rules.revision, now: now))
                requested += 1
            }
            return requested
        } catch {
            logger.error("freshness sweep failed", metadata: ["tenant": "\(tenant)", "error": "\(error)"])
            return 0
        }
    }

    /// A sweep's refetch settled: the source is fresh as of now, or unreachable.
    func noteSweptRefresh(_ record: ActionRecord) async {
        guard record.proposal.type == Primitive.refetchSource.rawValue, let source = record.proposal.params["source"]?.stringValue,
              record.status == .succeeded || record.status == .failed else { return }
        let tenant = record.proposal.tenant
        do {
            if record.status == .succeeded {
                _ = try await sourceRefreshed(source, tenant: tenant, at: nil, by: "agent:\(record.proposal.agent)")
                return
            }
            let current = try await store.row(SourceRow.self, tenant: tenant, HealingRows.sources, source)
            var row = current?.value ?? SourceRow(name: source)
            row.record(refreshedAt: nil, error: record.outcomes.last?.detail ?? "the refetch failed", now: clock.now())
            var change = HealingChange(tenant: tenant)
            try change.put(HealingRows.sources, source, row, expectedVersion: current?.version ?? 0)
            change.log("source.refetched", subject: "source:\(source)", ["source": .string(source), "ok": false, "action": .string(record.proposal.id)])
            _ = try await store.apply(change.commit(actor: "agent:\(record.proposal.agent)", revision: rules.revision, now: clock.now()))
        } catch {
            logger.error("a swept refresh was not recorded", metadata: ["source": "\(source)", "error": "\(error)"])
        }
    }
}
