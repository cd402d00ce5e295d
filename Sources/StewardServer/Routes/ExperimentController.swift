public import Hummingbird
import StewardCore
public import StewardEngine

/// A/B experiments (seed 004 §2b.3, §2b.4): operators create, evaluate, stop and decide on them;
/// anyone with a key reads them with their arms' live results.
public struct ExperimentController: Sendable {
    let experiments: Experiments

    /// Routes over `experiments`.
    public init(experiments: Experiments) { self.experiments = experiments }

    /// Adds the routes.
    public func register(on router: Router<StewardRequestContext>) {
        router.post("/v1/experiments", use: create)
        router.get("/v1/experiments", use: list)
        router.get("/v1/experiments/:id", use: show)
        router.post("/v1/experiments/:id/stop", use: stop)
        router.post("/v1/experiments/:id/evaluate", use: evaluate)
        router.post("/v1/experiments/:id/approve") { try await decide($0, $1, .approve) }
        router.post("/v1/experiments/:id/reject") { try await decide($0, $1, .reject) }
        router.post("/v1/experiments/:id/defer") { try await decide($0, $1, .defer) }
    }

    static func view(_ experiment: Experiment, _ evaluation: ExperimentEvaluation? = nil) throws -> JSONValue {
        var body = try JSONValueEncoder.encode(experiment)
        if let evaluation, case .object(var members) = body {
            members["results"] = try evaluation.json()
            body = .object(members)
        }
        return body
    }

    @Sendable func create(_ request: Request, context: StewardRequestContext) async throws -> Response {
        let principal = try context.require(.operator)
        let raw = try await RequestBody.collect(request, context: context)
        let body: JSONValue
        do { body = try JSONReader.parse(raw, repeatedNames: .refused) } catch {
            throw Problem.unreadableBody(error)
        }
        do {
            let experiment = try await experiments.create(body, tenant: principal.tenant, actor: principal.actor)
            return try JSONResponse.make(try Self.view(experiment), status: .created)
        } catch { throw Problem.wrap(error) }
    }

    @Sendable func list(_ request: Request, context: StewardRequestContext) async throws -> Response {
        let principal = try context.require(.agent, for: .read)
        var q = Query(request)
        let status = q.choice("status", ExperimentStatus.self)
        let skill = q.typed("skill", expecting: "give a skill name")
        try q.finish()
        do {
            let all = try await experiments.list(tenant: principal.tenant, skill: skill, status: status)
            return try JSONResponse.make(["experiments": .array(try all.map { try Self.view($0) })])
        } catch { throw Problem.wrap(error) }
    }

    @Sendable func show(_ request: Request, context: StewardRequestContext) async throws -> Response {
        let principal = try context.require(.agent, for: .read)
        try Query(request).finish()
        let id = try context.parameters.segment("id")
        do {
            let (experiment, evaluation) = try await experiments.experiment(id, tenant: principal.tenant)
            return try JSONResponse.make(try Self.view(experiment, evaluation))
        } catch { throw Problem.wrap(error) }
    }

    @Sendable func stop(_ request: Request, context: StewardRequestContext) async throws -> Response {
        let principal = try context.require(.operator)
        let id = try context.parameters.segment("id")
        var fields = try JSONFields(orEmpty: try await RequestBody.collect(request, context: context))
        let reason = fields.string("reason")
        try fields.finish("stop request")
        do {
            let experiment = try await experiments.stop(id, tenant: principal.tenant, reason: reason, actor: principal.actor)
            return try JSONResponse.make(try Self.view(experiment))
        } catch { throw Problem.wrap(error) }
    }

    /// Evaluates now: guardrails and the live results, and the verdict once the duration has ended
    /// (`conclude=true` asks for it before, stopping the experiment early on purpose).
    @Sendable func evaluate(_ request: Request, context: StewardRequestContext) async throws -> Response {
        let principal = try context.require(.operator)
        let id = try context.parameters.segment("id")
        var q = Query(request)
        let conclude = q.boolean("conclude") ?? false
        try q.finish()
        try await RequestBody.requireNone(request, context: context)
        do {
            let (experiment, evaluation) = try await experiments.evaluate(id, tenant: principal.tenant, conclude: conclude, actor: principal.actor)
            return try JSONResponse.make(try Self.view(experiment, evaluation))
        } catch { throw Problem.wrap(error) }
    }

    func decide(_ request: Request, _ context: StewardRequestContext, _ answer: Experiments.Answer) async throws -> Response {
        let principal = try context.require(.operator)
        let id = try context.parameters.segment("id")
        var fields = try JSONFields(orEmpty: try await RequestBody.collect(request, context: context))
        let reason = fields.string("reason", or: "note")
        if answer == .reject, reason == nil { fields.add([.init(field: "reason", reason: "is required")]) }
        try fields.finish("\(answer.rawValue) request")
        do {
            let experiment = try await experiments.decide(
                id, answer: answer, reason: reason, tenant: principal.tenant, principal: principal.name, actor: principal.actor)
            return try JSONResponse.make(try Self.view(experiment))
        } catch { throw Problem.wrap(error) }
    }
}
