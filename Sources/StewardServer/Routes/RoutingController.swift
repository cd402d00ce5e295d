public import Hummingbird
import StewardCore
public import StewardEngine

/// Bounded autonomous routing (seed 004 §2b.2, §2b.4, §2c): which strategy a skill uses now,
/// each skill's strategies with their metrics and scores, reviews, proposals and their
/// approval, operators' overrides, and the log of autonomous decisions.
public struct RoutingController: Sendable {
    let routing: Routing
    /// Running experiments split `GET /v1/route` between their arms.
    let experiments: Experiments?
    /// Skills' holds, which `GET /v1/route` names so an agent following it knows to wait.
    let telemetry: Telemetry?

    /// Routing routes over `routing`, with experiments' assignments and skills' holds when given.
    public init(routing: Routing, experiments: Experiments? = nil, telemetry: Telemetry? = nil) {
        self.routing = routing
        self.experiments = experiments
        self.telemetry = telemetry
    }

    /// Adds the routes.
    public func register(on router: Router<StewardRequestContext>) {
        router.get("/v1/route", use: route)
        router.get("/v1/routing/skills", use: skills)
        router.post("/v1/routing/skills/:skill/override", use: override)
        router.post("/v1/routing/review", use: review)
        router.get("/v1/routing/proposals", use: proposals)
        router.post("/v1/routing/proposals/:id/approve", use: approve)
        router.post("/v1/routing/proposals/:id/reject", use: reject)
        router.post("/v1/routing/proposals/:id/defer", use: postpone)
        router.get("/v1/routing/decisions", use: decisions)
    }

    /// `GET /v1/route?skill=&key=`: the strategy to use for one execution now.
    @Sendable func route(_ request: Request, context: StewardRequestContext) async throws -> Response {
        let principal = try context.require(.agent, for: .read)
        var query = Query(request)
        let skill = query.text("skill"), key = query.text("key")
        if skill == nil { query.errors.append(.init(field: "skill", reason: "is required: the skill about to run")) }
        if key == nil { query.errors.append(.init(field: "key", reason: "is required: a stable key of the execution (a request or job id)")) }
        try query.finish()
        if let experiments, let skill, let key {
            let assigned: (experimentID: String, arm: Arm, strategy: String)?
            do { assigned = try await experiments.assignment(tenant: principal.tenant, skill: skill, key: key) } catch { throw Problem.wrap(error) }
            if let assigned {
                return try JSONResponse.make(try await withHolds([
                    "skill": .string(skill), "key": .string(key), "strategy": .string(assigned.strategy), "source": "experiment",
                    "experiment": .string(assigned.experimentID), "arm": .string(assigned.arm.rawValue),
                ], skill: skill, tenant: principal.tenant))
            }
        }
        return try await currentRoute(skill: skill ?? "", key: key ?? "", tenant: principal.tenant)
    }

    /// The configured routing's answer: the skill's current strategy, or its default.
    func currentRoute(skill: String, key: String, tenant: String) async throws -> Response {
        let answer: [String: JSONValue]
        do {
            let (strategy, source) = try await routing.route(tenant: tenant, skill: skill)
            answer = ["skill": .string(skill), "key": .string(key), "strategy": .string(strategy), "source": .string(source)]
        } catch { throw Problem.wrap(error) }
        return try JSONResponse.make(try await withHolds(answer, skill: skill, tenant: tenant))
    }

    /// The answer with `held` and the skill's `holds` (seed 004 §2a.2 "pause skill"): a held skill
    /// still gets a strategy, but an agent following the route learns it should wait.
    func withHolds(_ answer: [String: JSONValue], skill: String, tenant: String) async throws -> JSONValue {
        guard let telemetry else { return .object(answer) }
        let holds: [SkillHold]
        do { holds = try await telemetry.activeHolds(tenant: tenant, skill: skill) } catch { throw Problem.wrap(error) }
        var answer = answer
        answer["held"] = .bool(!holds.isEmpty)
        answer["holds"] = .array(holds.map { ["cause": .string($0.cause), "reason": .string($0.reason), "since": .string($0.since.rfc3339)] })
        return .object(answer)
    }

    @Sendable func skills(_ request: Request, context: StewardRequestContext) async throws -> Response {
        let principal = try context.require(.agent, for: .read)
        try Query(request).finish()
        do {
            return try JSONResponse.make(["skills": .array(try await routing.skills(tenant: principal.tenant))])
        } catch { throw Problem.wrap(error) }
    }

    @Sendable func review(_ request: Request, context: StewardRequestContext) async throws -> Response {
        let principal = try context.require(.operator)
        let fields = try JSONFields(orEmpty: try await RequestBody.collect(request, context: context))
        try fields.finish("routing review")
        do {
            let outcomes = try await routing.review(tenant: principal.tenant, actor: principal.actor)
            let items = try outcomes.map { o throws -> JSONValue in
                guard case .object(var fields) = try JSONValueEncoder.encode(o.decision) else { return .null }
                fields["action"] = .string(o.action.rawValue)
                fields["proposalId"] = o.proposalID.map(JSONValue.string) ?? .null
                return .object(fields)
            }
            return try JSONResponse.make(["decisions": .array(items)])
        } catch { throw Problem.wrap(error) }
    }

    @Sendable func proposals(_ request: Request, context: StewardRequestContext) async throws -> Response {
        let principal = try context.require(.agent, for: .read)
        var query = Query(request)
        let status = query.choice("status", RoutingProposal.Status.self)
        let skill = query.typed("skill", expecting: "give a skill name")
        try query.finish()
        do {
            let items = try await routing.proposals(tenant: principal.tenant)
                .filter { (status == nil || $0.status == status) && (skill == nil || $0.skill == skill) }
                .map { p throws in try JSONValueEncoder.encode(p) }
            return try JSONResponse.make(["items": .array(items)])
        } catch { throw Problem.wrap(error) }
    }

    @Sendable func approve(_ request: Request, context: StewardRequestContext) async throws -> Response {
        let principal = try context.require(.operator)
        let id = try context.parameters.segment("id")
        var fields = try JSONFields(orEmpty: try await RequestBody.collect(request, context: context))
        let note = fields.string("note", or: "reason")
        try fields.finish("approval")
        do {
            let p = try await routing.approve(id, tenant: principal.tenant, principal: principal.name, note: note, actor: principal.actor)
            return try JSONResponse.make(try JSONValueEncoder.encode(p))
        } catch { throw Problem.wrap(error) }
    }

    @Sendable func reject(_ request: Request, context: StewardRequestContext) async throws -> Response {
        let principal = try context.require(.operator)
        let id = try context.parameters.segment("id")
        var fields = try JSONFields(orEmpty: try await RequestBody.collect(request, context: context))
        let reason = fields.string("reason", required: true)
        if reason?.isEmpty == true { fields.add([.init(field: "reason", reason: "must not be empty")]) }
        try fields.finish("rejection")
        do {
            let p = try await routing.reject(id, tenant: principal.tenant, principal: principal.name, reason: reason ?? "", actor: principal.actor)
            return try JSONResponse.make(try JSONValueEncoder.encode(p))
        } catch { throw Problem.wrap(error) }
    }

    @Sendable func postpone(_ request: Request, context: StewardRequestContext) async throws -> Response {
        let principal = try context.require(.operator)
        let id = try context.parameters.segment("id")
        var fields = try JSONFields(orEmpty: try await RequestBody.collect(request, context: context))
        let note = fields.string("note", or: "reason")
        try fields.finish("deferral")
        do {
            let p = try await routing.postpone(id, tenant: principal.tenant, principal: principal.name, note: note, actor: principal.actor)
            return try JSONResponse.make(try JSONValueEncoder.encode(p))
        } catch { throw Problem.wrap(error) }
    }

    @Sendable func override(_ request: Request, context: StewardRequestContext) async throws -> Response {
        let principal = try context.require(.operator)
        let skill = try context.parameters.segment("skill")
        var fields = try JSONFields(try await RequestBody.collect(request, context: context))
        let strategy = fields.string("strategy", maxLength: 64)
        let reason = fields.string("reason", required: true)
        if reason?.isEmpty == true { fields.add([.init(field: "reason", reason: "must not be empty")]) }
        try fields.finish("override")
        do {
            let state = try await routing.override(
                skill: skill, to: strategy, reason: reason ?? "", tenant: principal.tenant, principal: principal.name, actor: principal.actor)
            return try JSONResponse.make(try JSONValueEncoder.encode(state))
        } catch { throw Problem.wrap(error) }
    }

    /// The autonomous-decisions log: JSON (default), JSONL or CSV.
    @Sendable func decisions(_ request: Request, context: StewardRequestContext) async throws -> Response {
        let principal = try context.require(.agent, for: .read)
        var query = Query(request)
        let format = query.format() ?? "json"
        if !["json", "jsonl", "csv"].contains(format) { query.errors.append(.init(field: "format", reason: "must be json, jsonl or csv, not '\(format)'")) }
        try query.finish()
        let items: [JSONValue]
        do { items = try await routing.decisions(tenant: principal.tenant) } catch { throw Problem.wrap(error) }
        switch format {
        case "csv":
            return Response(
                status: .ok,
                headers: [.contentType: "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"autonomous_decisions.csv\""],
                body: .init(byteBuffer: ByteBuffer(string: Routing.decisionsCSV(items))))
        case "jsonl":
            var text = ""
            for item in items { text += String(decoding: try CanonicalJSON.encode(item), as: UTF8.self) + "\n" }
            return Response(
                status: .ok,
                headers: [.contentType: "application/x-ndjson", .contentDisposition: "attachment; filename=\"autonomous_decisions.jsonl\""],
                body: .init(byteBuffer: ByteBuffer(string: text)))
        default:
            return try JSONResponse.make(["items": .array(items)])
        }
    }
}
