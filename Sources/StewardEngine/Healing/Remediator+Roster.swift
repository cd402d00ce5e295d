import StewardCore

/// The fleet as the agents API lists it: the agents with a signal row, and the agents declared in
/// steward.yaml that have not signalled yet. The latter are composed from configuration rather
/// than written at startup, so a declared agent gets its row with its first signal, as before.
extension Remediator {
    /// A page of the tenant's agents in name order (byte order, as the store sorts ids), and whether
    /// more may follow it.
    func roster(tenant: String, after: String?, limit: Int) async throws(HealingError) -> (records: [AgentRecord], more: Bool) {
        let stored = try await decoded.rows(
            AgentRecord.self, ProjectionQuery(tenant: tenant, collection: HealingRows.agents, afterID: after, limit: limit), store: store
        ).map(\.value)
        let full = stored.count == limit
        let known = Set(stored.map(\.name))
        // With a full page of rows, a declared agent after its last row belongs to a later page.
        let bound = full ? stored.last?.name : nil
        let declared = rules.configuration.agents.filter { spec in
            spec.tenant == tenant && !known.contains(spec.name)
                && (after.map { Self.precedes($0, spec.name) } ?? true)
                && (bound.map { !Self.precedes($0, spec.name) } ?? true)
        }
        let merged = (stored + declared.map(Self.awaitingFirstSignal)).sorted { Self.precedes($0.name, $1.name) }
        return (Array(merged.prefix(limit)), full || merged.count > limit)
    }

    /// One agent: its row, or the declared agent that has not signalled yet; nil when neither.
    func rosterEntry(_ name: String, tenant: String) async throws(HealingError) -> AgentRecord? {
        if let (agent, _) = try await store.row(AgentRecord.self, tenant: tenant, HealingRows.agents, name) { return agent }
        return rules.declaredAgent(name, tenant: tenant).map(Self.awaitingFirstSignal)
    }

    /// A declared agent as it stands before its first signal.
    static func awaitingFirstSignal(_ spec: AgentSpec) -> AgentRecord {
        AgentRecord(name: spec.name, tenant: spec.tenant, domain: spec.domain, autoRegistered: false)
    }

    /// Name order as the store sorts ids (bytes), which `String`'s `<` need not match.
    static func precedes(_ a: String, _ b: String) -> Bool { a.utf8.lexicographicallyPrecedes(b.utf8) }
}
