import Logging
import StewardCore
import StewardEngine
import StewardSQLite
import StewardTestSupport

/// A spine and governance over one SQLite file and one test clock, for the proposal, drill and
/// level tests.
struct GovernanceFixture {
    let spine: SpineFixture
    let governance: Governance

    init(_ configuration: StewardConfiguration, prefix: String = "steward-governance") throws {
        spine = try SpineFixture(configuration: configuration, prefix: prefix)
        governance = try GovernanceAssembly(
            store: spine.store, spine: spine.spine, remediator: nil, configuration: configuration, revision: "test-rev", clock: spine.clock,
            logger: Logger(label: "test")).governance
    }

    func close() { spine.close() }

    /// The tenant's ledger entries of `kinds` (all when empty), in order.
    func entries(_ kinds: [String] = []) async throws -> [StoredLedgerRow] {
        try await spine.store.ledger(tenant: "default", query: LedgerQuery(kinds: kinds.isEmpty ? nil : kinds, limit: 5000)).rows
    }

    /// A pending proposal from `from` to `to` written as the cycle writes one, so tests need not
    /// make a tenant ready first.
    func seedProposal(_ id: String, from: AutonomyLevel, to: AutonomyLevel, whitelist: [String] = [], validationDays: Int = 14) async throws {
        let (readiness, metrics) = try await governance.readiness(tenant: "default")
        let now = spine.clock.now()
        let proposal = ScopeExpansionProposal(
            proposalId: id, timestamp: now,
            expansion: .init(currentPhase: from, targetPhase: to, commandsToWhitelist: whitelist, validationPeriod: validationDays),
            rationale: .init(metrics: metrics, readiness: readiness, keyAchievements: []),
            riskAssessment: .init(level: .low, mitigations: [], rollbackPlan: "lower the level"),
            requiredApprovals: ["tech-lead", "ops-lead"], expiresAt: now.adding(seconds: 60 * 86_400))
        _ = try await spine.store.commit(StoreCommit(projections: [.put(ProjectionDocument(
            tenant: "default", collection: "proposals", id: id, status: "pending", body: try JSONValueEncoder.encode(proposal)))]))
    }

    /// A configuration in approve mode whose approvers are ana (tech lead) and bo (ops lead).
    static func approvers(_ change: (inout StewardConfiguration) -> Void = { _ in }) -> StewardConfiguration {
        var c = StewardConfiguration.default
        c.governance.approvers = ["tech-lead": ["ana"], "ops-lead": ["bo"]]
        change(&c)
        return c
    }
}
