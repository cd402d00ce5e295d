public import Logging
public import StewardCore

/// Bounded autonomous routing (seed 004 §2b.2, §2b.4, §2c): which strategy each skill uses, the
/// reviews that change it within the guardrails or propose a change to a person, the watch that
/// rolls a new strategy back, and operators' overrides.
///
/// Each skill's routing is a state row (`routing_states`, id: the skill); each proposal one of
/// `routing_proposals`. Every change, proposal, decision on one, rollback and override is a
/// ledger entry written in the same commit as the rows it changes.
public struct Routing: Sendable {
    let store: any Store
    let settings: RoutingSettings
    let clock: any WallClock
    let revision: String
    let logger: Logger
    let alerts: SpineAlerts?
    let newID: @Sendable () -> String

    static let states = "routing_states"
    static let proposals = "routing_proposals"

    /// Routing over `store`; changes and rollbacks are announced through the spine's notifier.
    public init(
        store: any Store, settings: RoutingSettings, spine: ActionSpine?, clock: any WallClock, revision: String, logger: Logger,
        newID: @escaping @Sendable () -> String = { "rp-" + ActionSpine.randomID() }
    ) {
        self.store = store
        self.settings = settings
        self.clock = clock
        self.revision = revision
        self.logger = logger
        alerts = spine?.alerts
        self.newID = newID
    }

    /// The configured strategies of `skill`, or 404 naming it.
    func strategies(of skill: String) throws(SpineError) -> SkillStrategies {
        guard let s = settings.strategies(of: skill) else {
            throw .notFound("routing strategies for skill '\(skill)' (telemetry.routing.skills)")
        }
        return s
    }

    /// A skill's routing state and its row's version (0: never written), falling back to the
    /// default strategy when none is stored or the stored one is no longer configured.
    func state(tenant: String, of skill: SkillStrategies) async throws(SpineError) -> (state: RoutingState, version: Int64, stored: Bool) {
        let fallback = RoutingState(skill: skill.skill, current: skill.defaultStrategy?.name ?? "")
        let row: ProjectionDocument?
        do { row = try await store.projection(tenant: tenant, collection: Self.states, id: skill.skill) } catch { throw .store(error) }
        guard let row else { return (fallback, 0, false) }
        guard let state = try? JSONValueDecoder.decode(RoutingState.self, from: row.body), skill.strategy(named: state.current) != nil else {
            return (fallback, row.version, false)
        }
        return (state, row.version, true)
    }

    /// The strategy to use for `skill` now: the current one, or the default when it never changed.
    public func route(tenant: String, skill: String) async throws(SpineError) -> (strategy: String, source: String) {
        let configured = try strategies(of: skill)
        let (state, _, stored) = try await state(tenant: tenant, of: configured)
        return (state.current, stored && state.changedAt != nil ? "current" : "default")
    }

    /// Every strategy of `skill` measured over the window ending at `now`, in configuration order.
    func measure(tenant: String, _ skill: SkillStrategies, now: Timestamp) async throws(SpineError) -> [StrategyMeasurement] {
        let from = now.adding(milliseconds: -Int64(settings.windowDays) * 86_400_000)
        let facts: [ExecutionFact]
        do { facts = try await store.executionFacts(tenant: tenant, skill: skill.skill, from: from, to: now.adding(milliseconds: 1)) } catch {
            throw .store(error)
        }
        return skill.strategies.map { StrategyMeasurement.of($0, facts: facts, minimumSample: settings.minimumSample) }
    }

    /// The row that stores `state`.
    func row(_ state: RoutingState, tenant: String) throws(SpineError) -> ProjectionChange {
        .put(ProjectionDocument(tenant: tenant, collection: Self.states, id: state.skill, status: state.change?.rawValue, body: try encode(state)))
    }

    /// The row that stores `proposal`.
    func row(_ proposal: RoutingProposal, tenant: String) throws(SpineError) -> ProjectionChange {
        .put(ProjectionDocument(
            tenant: tenant, collection: Self.proposals, id: proposal.id, status: proposal.status.rawValue, ref: proposal.skill, body: try encode(proposal)))
    }

    func commit(_ commit: StoreCommit, what: String) async throws(SpineError) {
        try await recorder.commit(commit, what: what)
    }

    func draft(_ tenant: String, _ kind: String, subject: String, actor: String, _ payload: JSONValue, now: Timestamp) throws(SpineError) -> LedgerDraft {
        try recorder.draft(tenant, kind, subject: subject, actor: actor, payload, now: now)
    }

    func encode<T: Encodable>(_ value: T) throws(SpineError) -> JSONValue {
        try recorder.encode(value, what: "routing state")
    }

    var recorder: ChangeRecorder { ChangeRecorder(store: store, revision: revision) }

    /// Announces a change through the webhook notifier (seed 004 §2c.4); never throws.
    func announce(_ kind: String, tenant: String, skill: String, text: String, payload: JSONValue, now: Timestamp) {
        logger.notice("routing changed", metadata: ["tenant": "\(tenant)", "skill": "\(skill)", "kind": "\(kind)", "text": "\(text)"])
        guard let alerts else { return }
        // Delivered beside the caller: a rollback found during an ingest must not hold the agent's
        // request through the webhook's retries.
        let notification = Notification(kind: kind, tenant: tenant, subject: "skill:\(skill)", payload: payload, ts: now, text: text)
        Task { await alerts.send(notification) }
    }
}
