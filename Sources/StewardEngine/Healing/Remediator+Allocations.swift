import Logging
import StewardCore

extension Remediator {
    /// Tells each agent its new allocation: an `applyAllocation` action through the spine to the
    /// agent's executor (or, for an agent without one, dispatched for it to read).
    func push(_ allocations: [AllocationRow], tenant: String) async {
        for row in allocations {
            var params: [String: JSONValue] = ["slots": .int(Int64(row.slots)), "reason": .string(row.reason)]
            if let cap = row.maxConcurrent { params["maxConcurrent"] = .int(Int64(cap)) }
            if let until = row.throttledUntil { params["until"] = .string(until.rfc3339) }
            let proposal = ActionProposal(
                id: "act_alloc_\(row.agent)_\(row.changedAt.millisecondsSinceEpoch)_\(row.slots)_\(row.maxConcurrent ?? 0)", tenant: tenant, agent: row.agent,
                type: ActionType.allocationTypeName, params: .object(params), trigger: .remediation, impactPoints: 0)
            do {
                _ = try await spine.propose(proposal, actor: "steward")
                try await withdrawSupersededPushes(to: row.agent, tenant: tenant, by: proposal.id, slots: row.slots)
            } catch {
                logger.warning("could not push an allocation to its agent", metadata: ["agent": "\(row.agent)", "error": "\(error)"])
            }
        }
    }

    /// Withdraws the earlier allocation pushes `agent` has not read yet: applied after the newer
    /// one, an old allocation would undo it.
    private func withdrawSupersededPushes(to agent: String, tenant: String, by newer: String, slots: Int) async throws(SpineError) {
        let waiting = try await spine.actions(
            tenant: tenant, status: .dispatched, account: nil, agent: agent, after: nil, limit: 1000, includingPaused: true)
        for record in waiting where record.proposal.type == ActionType.allocationTypeName && record.proposal.id != newer {
            try await spine.withdraw(
                record.proposal.id, tenant: tenant, reason: "superseded by \(newer) (\(slots) slots) before \(agent) applied it", incident: nil)
        }
    }

    /// The scheduler's rebalance (seed 000 §3): moves slots by ROI and SLA across the tenant's
    /// agents, records each change and pushes it. Returns what moved, or nil when nothing did.
    @discardableResult
    public func rebalanceFleet(tenant: String) async throws(HealingError) -> String? {
        // Like the freshness sweep, the rebalancer is Steward acting on its own: AUTO_REMEDIATE off
        // or the kill switch engaged moves no slot (seed 001 §0: "safe to disable instantly").
        guard try await stopReason(tenant: tenant) == nil else { return nil }
        for _ in 0..<4 {
            let now = clock.now()
            var change = HealingChange(tenant: tenant)
            let summary = try await rebalance(tenant: tenant, reserve: nil, roiFloor: nil, cause: "rebalancer", change: &change, now: now)
            guard !change.changedAllocations.isEmpty else { return nil }
            if try await store.apply(change.commit(actor: "steward", revision: rules.revision, now: now)) {
                await push(change.changedAllocations, tenant: tenant)
                return summary
            }
        }
        throw .conflict("allocations kept changing during the rebalance")
    }
}
