public import StewardCore

/// A declared source as `GET /v1/sources` shows it: its contract, its last refresh and the
/// verdict now, so an on-call reads "is it stale, is it reachable" without writing anything.
public struct SourceView: Sendable, Hashable, Codable {
    /// The source's name.
    public var name: String
    /// Its freshness target in minutes; nil without a contract.
    public var freshnessTargetMinutes: Int?
    /// The source read instead when it is stale and cannot be refreshed.
    public var fallback: String?
    /// How a retry degrades when neither helps (`ReducedScope`, `UseLastKnownGood<=6h`).
    public var degradeMode: String
    /// The verdict now: fresh, stale, unknown (never refreshed) or uncontracted.
    public var freshness: FreshnessCheck.Status
    /// The verdict in a sentence.
    public var explanation: String
    /// Minutes since its last refresh; nil when it never was.
    public var ageMinutes: Double?
    /// When it was last refreshed.
    public var lastRefreshedAt: Timestamp?
    /// When its data last passed validation.
    public var lastKnownGoodAt: Timestamp?
    /// Whether the last refresh reached it.
    public var reachable: Bool
    /// What the last failed refresh said.
    public var lastError: String?
    /// When the freshness sweep last asked for a refetch.
    public var refreshRequestedAt: Timestamp?
    /// The open data-dependency incident about it.
    public var incident: String?
    /// The tenant's declared agents that depend on it.
    public var dependents: [String]
}

extension Remediator {
    /// Every source `sources:` declares, for `tenant`, as it stands now.
    public func sources(tenant: String) async throws(HealingError) -> [SourceView] {
        let now = clock.now()
        let specs = rules.configuration.sources
        let docs: [ProjectionDocument]
        do { docs = try await store.projections(tenant: tenant, keys: specs.map { DocumentKey(HealingRows.sources, $0.name) }) } catch { throw .store(error) }
        var rows: [String: SourceRow] = [:]
        for doc in docs { rows[doc.id] = try store.decodeRow(SourceRow.self, doc) }
        let agents = rules.configuration.agents.filter { $0.tenant == tenant }
        return specs.map { spec in
            let row = rows[spec.name] ?? SourceRow(name: spec.name)
            let check = FreshnessContract.check(spec, state: Self.state(row), now: now)
            // Fresh by its contract's clock is not the whole story while a refresh fails or an
            // incident is about it (QA r8 freshness M3: "fresh" beside a failing refetch).
            var explanation = check.explanation
            if !row.reachable { explanation += "; but its last refresh failed" + (row.lastError.map { ": \($0)" } ?? "") }
            if let incident = row.incident { explanation += "; incident \(incident) is open about it" }
            return SourceView(
                name: spec.name, freshnessTargetMinutes: spec.freshnessTargetMinutes, fallback: spec.fallback, degradeMode: spec.degradeMode.description,
                freshness: check.status, explanation: explanation, ageMinutes: check.ageMinutes, lastRefreshedAt: row.lastRefreshedAt,
                lastKnownGoodAt: row.lastKnownGoodAt, reachable: row.reachable, lastError: row.lastError, refreshRequestedAt: row.refreshRequestedAt,
                incident: row.incident, dependents: agents.filter { $0.dependencies.contains(spec.name) }.map(\.name))
        }
    }
}
