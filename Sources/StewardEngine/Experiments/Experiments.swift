public import Logging
public import StewardCore

/// A/B experiments on skills' routing (seed 004 §2b.3, §2b.4): created by operators, split by a
/// sticky hash of each key, evaluated on demand and periodically with significance tests, rolled
/// back at once by a breached guardrail, and turned into a promotion proposal when the treatment wins.
///
/// Each experiment is a state row (`experiments`); the skill's running one is also named by a row of
/// `experiment_skills` (id: the skill), which keeps one running experiment per skill. Every
/// creation, stop, rollback, verdict and decision is a ledger entry in the commit of its rows.
public struct Experiments: Sendable {
    let store: any Store
    let routing: Routing?
    let alerts: SpineAlerts?
    let clock: any WallClock
    let revision: String
    let logger: Logger
    let newID: @Sendable () -> String

    static let collection = "experiments"
    static let running = "experiment_skills"

    /// Experiments over `store`; `routing` names the skills' configured strategies (without it any
    /// strategy name is accepted) and applies approved promotions; rollbacks are announced
    /// through the spine's notifier.
    public init(
        store: any Store, routing: Routing?, spine: ActionSpine?, clock: any WallClock, revision: String, logger: Logger,
        newID: @escaping @Sendable () -> String = { "exp_" + ActionSpine.randomID().dropFirst(4) }
    ) {
        self.store = store
        self.routing = routing
        alerts = spine?.alerts
        self.clock = clock
        self.revision = revision
        self.logger = logger
        self.newID = newID
    }

    /// The configured strategy names of `skill` (empty: none configured, any name goes).
    func strategies(of skill: String) -> [String] {
        routing?.settings.strategies(of: skill)?.strategies.map(\.name) ?? []
    }

    /// An experiment of the tenant and its row's version, or 404.
    func load(_ id: String, tenant: String) async throws(SpineError) -> (experiment: Experiment, version: Int64) {
        let row: ProjectionDocument?
        do { row = try await store.projection(tenant: tenant, collection: Self.collection, id: id) } catch { throw .store(error) }
        guard let row else { throw .notFound("experiment '\(id)'") }
        do {
            return (try JSONValueDecoder.decode(Experiment.self, from: row.body), row.version)
        } catch {
            throw .store(StoreError(.invalid, operation: "read experiment \(id)", reason: "\(error)"))
        }
    }

    /// The row storing `experiment`.
    func row(_ experiment: Experiment, tenant: String) throws(SpineError) -> ProjectionChange {
        .put(ProjectionDocument(
            tenant: tenant, collection: Self.collection, id: experiment.id, status: experiment.status.rawValue, ref: experiment.skill,
            body: try encode(experiment)))
    }

    /// The commit of `experiment`'s new state with its ledger entry, if its row is still at
    /// `version`; `ended` when it just stopped running, which frees its skill for the next one.
    func save(
        _ experiment: Experiment, version: Int64, tenant: String, kind: String, actor: String, payload: JSONValue, now: Timestamp,
        ended: Bool, extra: [LedgerDraft] = []
    ) async throws(SpineError) {
        var projections = [try row(experiment, tenant: tenant)]
        if ended { projections.append(.remove(tenant: tenant, collection: Self.running, id: experiment.skill)) }
        let commit = StoreCommit(
            drafts: [try draft(tenant, kind, subject: "experiment:\(experiment.id)", actor: actor, payload, now: now)] + extra,
            projections: projections,
            preconditions: [ProjectionPrecondition(tenant: tenant, collection: Self.collection, id: experiment.id, expectedVersion: version)])
        do {
            _ = try await store.commit(commit)
        } catch where error.code == .conflict {
            throw .conflict("experiment '\(experiment.id)' changed meanwhile; try again")
        } catch {
            throw .store(error)
        }
    }

    func draft(_ tenant: String, _ kind: String, subject: String, actor: String, _ payload: JSONValue, now: Timestamp) throws(SpineError) -> LedgerDraft {
        try recorder.draft(tenant, kind, subject: subject, actor: actor, payload, now: now)
    }

    func encode<T: Encodable>(_ value: T) throws(SpineError) -> JSONValue {
        try recorder.encode(value, what: "an experiment")
    }

    var recorder: ChangeRecorder { ChangeRecorder(store: store, revision: revision) }

    /// How far ahead of the server an agent's clock may be for its execution to count as started
    /// before the experiment ended (the telemetry's default `maxFutureSkewSeconds`): the samples a
    /// guardrail rolled back on are the samples the results show.
    static let endSkewMilliseconds: Int64 = 300_000

    /// The executions of `experiment`'s arms that started while it ran (until its duration ends,
    /// or until it ended, allowing for an agent's clock a little ahead of ours).
    func samples(_ experiment: Experiment, tenant: String) async throws(SpineError) -> (control: ArmSample, treatment: ArmSample) {
        let end = experiment.endedAt.map { min($0.adding(milliseconds: Self.endSkewMilliseconds), experiment.endsAt) } ?? experiment.endsAt
        let to = end.adding(milliseconds: 1)
        let facts: [ExecutionFact]
        do {
            facts = try await store.executionFacts(tenant: tenant, skill: experiment.skill, from: experiment.createdAt, to: to)
        } catch {
            throw .store(error)
        }
        return (
            ArmSample(facts, strategy: experiment.control, since: experiment.createdAt),
            ArmSample(facts, strategy: experiment.treatment, since: experiment.createdAt))
    }
}
