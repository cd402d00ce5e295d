import Logging
public import StewardCore

extension Experiments {
    /// Creates and starts the experiment `body` defines; 422 naming every bad field, 409 when the
    /// skill already has a running experiment.
    public func create(_ body: JSONValue, tenant: String, actor: String) async throws(SpineError) -> Experiment {
        let definition: ExperimentDefinition
        do { definition = try ExperimentDefinition.read(body, strategies: strategies(of:)) } catch { throw .invalid(error.problems) }
        // Control is what runs now: an experiment whose control is another strategy would quietly
        // send traffic back to one the guardrails or an operator moved away from.
        if let routing, !strategies(of: definition.skill).isEmpty {
            let current = try await routing.route(tenant: tenant, skill: definition.skill).strategy
            if definition.control != current {
                throw .invalid([FieldProblem(
                    field: "control",
                    reason: "is '\(definition.control)' but skill '\(definition.skill)' runs '\(current)' now (GET /v1/routing/skills); the control is the current strategy")])
            }
        }
        let now = clock.now()
        let experiment = definition.start(id: newID(), at: now, by: actor)
        let payload = try encode(experiment)
        let commit = StoreCommit(
            drafts: [try draft(tenant, "experiment.created", subject: "experiment:\(experiment.id)", actor: actor, payload, now: now)],
            projections: [
                try row(experiment, tenant: tenant),
                .put(ProjectionDocument(
                    tenant: tenant, collection: Self.running, id: experiment.skill, body: ["experiment": .string(experiment.id)])),
            ],
            // Version 0: no running experiment on the skill.
            preconditions: [ProjectionPrecondition(tenant: tenant, collection: Self.running, id: experiment.skill, expectedVersion: 0)])
        do {
            _ = try await store.commit(commit)
        } catch where error.code == .conflict {
            throw .conflict("skill '\(experiment.skill)' already has a running experiment; stop it first")
        } catch {
            throw .store(error)
        }
        logger.info("experiment started", metadata: [
            "tenant": "\(tenant)", "experiment": "\(experiment.id)", "skill": "\(experiment.skill)", "split": "\(experiment.trafficSplit)",
        ])
        return experiment
    }

    /// The tenant's experiments, newest first, optionally only those of `skill` or in `status`.
    public func list(tenant: String, skill: String? = nil, status: ExperimentStatus? = nil) async throws(SpineError) -> [Experiment] {
        let rows: [ProjectionDocument]
        do {
            rows = try await store.allProjections(ProjectionQuery(tenant: tenant, collection: Self.collection, status: status?.rawValue, ref: skill, limit: 500))
        } catch { throw .store(error) }
        let all = rows.compactMap { try? JSONValueDecoder.decode(Experiment.self, from: $0.body) }
        return all.sorted { $0.createdAt != $1.createdAt ? $0.createdAt > $1.createdAt : $0.id < $1.id }
    }

    /// An experiment with its arms' live results (an evaluation that changes nothing).
    public func experiment(_ id: String, tenant: String) async throws(SpineError) -> (Experiment, ExperimentEvaluation) {
        let (experiment, _) = try await load(id, tenant: tenant)
        let now = clock.now()
        let (control, treatment) = try await samples(experiment, tenant: tenant)
        return (experiment, ExperimentEvaluation.evaluate(experiment, control: control, treatment: treatment, now: now))
    }

    /// Stops a running experiment at an operator's request: the route goes back to control.
    public func stop(_ id: String, tenant: String, reason: String?, actor: String) async throws(SpineError) -> Experiment {
        var (experiment, version) = try await load(id, tenant: tenant)
        guard experiment.isRunning else { throw .conflict("experiment '\(id)' is \(experiment.status.rawValue), not running") }
        let now = clock.now()
        experiment.status = .stopped
        experiment.endedAt = now
        experiment.endReason = reason.map { "stopped: \($0)" } ?? "stopped by an operator"
        try await save(
            experiment, version: version, tenant: tenant, kind: "experiment.stopped", actor: actor,
            payload: ["skill": .string(experiment.skill), "reason": reason.map(JSONValue.string) ?? .null], now: now, ended: true)
        return experiment
    }

    /// Evaluates an experiment now: a breached guardrail rolls it back; with `conclude` (the
    /// operator's request) or past its duration, the goal metrics give the verdict once both arms
    /// have the minimum sample.
    public func evaluate(_ id: String, tenant: String, conclude: Bool, actor: String) async throws(SpineError) -> (Experiment, ExperimentEvaluation) {
        let (experiment, version) = try await load(id, tenant: tenant)
        let now = clock.now()
        let (control, treatment) = try await samples(experiment, tenant: tenant)
        let evaluation = ExperimentEvaluation.evaluate(experiment, control: control, treatment: treatment, now: now, conclude: conclude)
        let next = experiment.applying(evaluation)
        switch evaluation.decision {
        case .none, .keepRunning:
            return (experiment, evaluation)
        case .rollBack(let breach):
            try await save(
                next, version: version, tenant: tenant, kind: "experiment.rolled_back", actor: actor, payload: try evaluationJSON(evaluation), now: now,
                ended: true)
            logger.warning("experiment rolled back", metadata: [
                "tenant": "\(tenant)", "experiment": "\(id)", "skill": "\(experiment.skill)", "guardrail": "\(breach.guardrail.metric.rawValue)",
                "pValue": "\(breach.comparison.pValue)",
            ])
            let text = "Experiment \(experiment.name) on \(experiment.skill) rolled back to \(experiment.control): \(breach.comparison.sentence)"
            let notification = Notification(
                kind: "experiment.rolled_back", tenant: tenant, subject: "experiment:\(id)", payload: try encode(next), ts: now, text: text,
                severity: "critical")
            // Delivered beside the caller: a rollback found during an ingest must not wait on the webhook.
            if let alerts { Task { await alerts.send(notification) } }
        case .conclude(let outcome):
            try await save(
                next, version: version, tenant: tenant, kind: "experiment.concluded", actor: actor, payload: try evaluationJSON(evaluation), now: now,
                ended: true)
            logger.info("experiment concluded", metadata: [
                "tenant": "\(tenant)", "experiment": "\(id)", "skill": "\(experiment.skill)", "verdict": "\(outcome.rawValue)",
            ])
        }
        return (next, evaluation)
    }

    func evaluationJSON(_ evaluation: ExperimentEvaluation) throws(SpineError) -> JSONValue {
        do { return try evaluation.json() } catch {
            throw .store(StoreError(.invalid, operation: "encode an experiment's evaluation", reason: "\(error)"))
        }
    }

    /// Evaluates every running experiment of the tenant (the periodic round); the outcomes.
    public func evaluateRunning(tenant: String) async throws(SpineError) -> [(Experiment, ExperimentEvaluation)] {
        var done: [(Experiment, ExperimentEvaluation)] = []
        for experiment in try await list(tenant: tenant, status: .running) {
            done.append(try await evaluate(experiment.id, tenant: tenant, conclude: false, actor: "steward"))
        }
        return done
    }
}
