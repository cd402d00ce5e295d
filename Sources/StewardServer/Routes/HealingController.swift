public import Hummingbird
import StewardCore
import StewardExpr
public import StewardEngine

/// The remediation loop over HTTP: agents, incidents, escalations (and resolving them), lineage,
/// allocations, source freshness and the bandit's arms.
public struct HealingController: Sendable {
    let remediator: Remediator
    let spine: ActionSpine

    /// Routes over `remediator`; the inbox also lists the actions `spine` holds for a person.
    public init(remediator: Remediator, spine: ActionSpine) {
        self.remediator = remediator
        self.spine = spine
    }

    /// Adds the routes.
    public func register(on router: Router<StewardRequestContext>) {
        router.get("/v1/agents", use: agents)
        router.get("/v1/agents/:name", use: agent)
        router.get("/v1/incidents", use: incidents)
        router.get("/v1/incidents/:id", use: incident)
        router.get("/v1/escalations", use: escalations)
        router.get("/v1/escalations/:id", use: escalation)
        router.post("/v1/escalations/:id/resolve", use: resolve)
        router.get("/v1/lineage", use: lineage)
        router.get("/v1/allocations", use: allocations)
        router.get("/v1/sources", use: sources)
        router.get("/v1/sources/:name", use: source)
        router.post("/v1/sources/:name/refreshed", use: refreshed)
        router.get("/v1/learning/arms", use: arms)
    }

    @Sendable func agents(_ request: Request, context: StewardRequestContext) async throws -> Response {
        let principal = try context.require(.agent, for: .read)
        var query = Query(request)
        let state = query.choice("state", AgentHealth.self)
        let limit = query.limit(), after = query.text("after")
        try query.finish()
        do {
            let page = try await remediator.agents(tenant: principal.tenant, state: state, after: after, limit: limit)
            // A bound key sees its own agents only; the cursor still walks the whole list.
            let items = page.items.filter { principal.speaks(for: $0.name) }
            return try JSONResponse.make(["agents": encode(items), "nextCursor": page.nextCursor.map(JSONValue.string) ?? .null])
        } catch { throw Problem.wrap(error) }
    }

    @Sendable func agent(_ request: Request, context: StewardRequestContext) async throws -> Response {
        let principal = try context.require(.agent, for: .read)
        try Query(request).finish()
        let name = try context.parameters.segment("name")
        try principal.requireReading(name)
        do {
            guard let view = try await remediator.agent(name, tenant: principal.tenant) else { throw Problem.notFound("agent \(name) not found") }
            return try JSONResponse.make(encode(view))
        } catch { throw Problem.wrap(error) }
    }

    @Sendable func incidents(_ request: Request, context: StewardRequestContext) async throws -> Response {
        let principal = try context.require(.agent, for: .read)
        var query = Query(request)
        let status = query.choice("status", IncidentStatusFilter.self)
        let agent = query.name("agent")
        let limit = query.limit(), after = query.text("after")
        try query.finish()
        try principal.requireReading(agent)
        do {
            let page: HealingPage<Incident>
            if agent == nil, let bound = principal.boundAgents {
                page = try await remediator.incidents(tenant: principal.tenant, statuses: status?.statuses, agents: bound, after: after, limit: limit)
            } else {
                page = try await remediator.incidents(tenant: principal.tenant, statuses: status?.statuses, agent: agent, after: after, limit: limit)
            }
            return try JSONResponse.make(["incidents": .array(page.items.map(IncidentView.json)), "nextCursor": page.nextCursor.map(JSONValue.string) ?? .null])
        } catch { throw Problem.wrap(error) }
    }

    @Sendable func incident(_ request: Request, context: StewardRequestContext) async throws -> Response {
        let principal = try context.require(.agent, for: .read)
        try Query(request).finish()
        let id = try context.parameters.segment("id")
        do {
            // Another agent's incident is, to a bound key, exactly as absent as one that never was.
            guard let incident = try await remediator.incident(id, tenant: principal.tenant), principal.speaks(for: incident.agent) else {
                throw Problem.notFound("incident \(id) not found")
            }
            return try JSONResponse.make(IncidentView.json(incident))
        } catch { throw Problem.wrap(error) }
    }

    @Sendable func escalations(_ request: Request, context: StewardRequestContext) async throws -> Response {
        let principal = try context.require(.operator, for: .read)
        var query = Query(request)
        let status = query.typed("status", expecting: "give open, resolved or recovered") ?? "open"
        if !["open", "resolved", "recovered"].contains(status) {
            query.errors.append(.init(field: "status", reason: "must be open, resolved or recovered"))
        }
        let limit = query.limit()
        try query.finish()
        do {
            // Both lists are read whole to be put in order; `totals` says how many there are past `limit`.
            let escalations = try await remediator.escalations(tenant: principal.tenant, status: status, limit: .max)
            // The gate's escalations are held actions, decided with approve or reject; only open ones are listed here.
            let held = status == "open" ? try await spine.escalatedActions(tenant: principal.tenant, limit: .max) : []
            return try JSONResponse.make([
                "escalations": encode(Array(escalations.prefix(limit))), "actions": .array(held.prefix(limit).map(Self.heldView)),
                "totals": ["escalations": .int(Int64(escalations.count)), "actions": .int(Int64(held.count))],
            ])
        } catch { throw Problem.wrap(error) }
    }

    /// A held action as the inbox shows it: what, why, the two options and where to decide.
    static func heldView(_ record: ActionRecord) -> JSONValue {
        let p = record.proposal, options = record.decision.escalation
        func option(_ o: EscalationOption?) -> JSONValue {
            guard let o else { return .null }
            return ["choice": .string(o.choice), "title": .string(o.title), "why": .string(o.why)]
        }
        return [
            "action": .string(p.id), "type": .string(p.type), "agent": .string(p.agent), "account": p.account.map(JSONValue.string) ?? .null,
            "reason": .string(record.decision.reason), "explanation": .string(record.decision.explanation),
            "safe": option(options?.safe), "aggressive": option(options?.aggressive), "paged": .bool(options?.pages ?? false),
            "createdAt": .string(record.createdAt.rfc3339), "expiresAt": record.expiresAt.map { .string($0.rfc3339) } ?? .null,
            "approve": .string("/v1/actions/\(p.id)/approve"), "reject": .string("/v1/actions/\(p.id)/reject"),
        ]
    }

    @Sendable func escalation(_ request: Request, context: StewardRequestContext) async throws -> Response {
        let principal = try context.require(.operator, for: .read)
        try Query(request).finish()
        let id = try context.parameters.segment("id")
        do {
            guard let escalation = try await remediator.escalation(id, tenant: principal.tenant) else { throw Problem.notFound("escalation \(id) not found") }
            return try JSONResponse.make(encode(escalation))
        } catch { throw Problem.wrap(error) }
    }

    @Sendable func resolve(_ request: Request, context: StewardRequestContext) async throws -> Response {
        let principal = try context.require(.operator)
        let id = try context.parameters.segment("id")
        var fields = try JSONFields(try await RequestBody.collect(request, context: context))
        let option = fields.string("option", required: true)
        let note = fields.string("note")
        try fields.finish("escalation resolution")
        do {
            let escalation = try await remediator.resolveEscalation(id, tenant: principal.tenant, option: option ?? "", by: principal.actor, note: note)
            return try JSONResponse.make(encode(escalation))
        } catch { throw Problem.wrap(error) }
    }

    @Sendable func lineage(_ request: Request, context: StewardRequestContext) async throws -> Response {
        let principal = try context.require(.agent, for: .read)
        var query = Query(request)
        let limit = query.limit()
        let after = query.integer("after") ?? 0
        let agent = query.name("agent"), incident = query.name("incident")
        try query.finish()
        try principal.requireReading(agent)
        do {
            let (entries, next) = try await remediator.lineage(
                tenant: principal.tenant, agent: agent, incident: incident, within: principal.boundAgents, afterSeq: after, limit: limit)
            return try JSONResponse.make(["entries": .array(entries), "nextCursor": next.map { .int($0) } ?? .null])
        } catch { throw Problem.wrap(error) }
    }

    @Sendable func allocations(_ request: Request, context: StewardRequestContext) async throws -> Response {
        let principal = try context.require(.agent, for: .read)
        try Query(request).finish()
        do {
            let limits = remediator.healingRules.settings.concurrency
            return try JSONResponse.make([
                "allocations": encode(try await remediator.allocations(tenant: principal.tenant)),
                "limits": ["min": .int(Int64(limits.min)), "max": .int(Int64(limits.max))],
            ])
        } catch { throw Problem.wrap(error) }
    }

    /// Every declared source: its contract, last refresh and freshness now.
    @Sendable func sources(_ request: Request, context: StewardRequestContext) async throws -> Response {
        let principal = try context.require(.agent, for: .read)
        try Query(request).finish()
        do { return try JSONResponse.make(["sources": encode(try await remediator.sources(tenant: principal.tenant))]) } catch { throw Problem.wrap(error) }
    }

    /// One declared source; 404 (with the name meant, when close) for any other.
    @Sendable func source(_ request: Request, context: StewardRequestContext) async throws -> Response {
        let principal = try context.require(.agent, for: .read)
        try Query(request).finish()
        let name = try context.parameters.segment("name")
        let all: [SourceView]
        do { all = try await remediator.sources(tenant: principal.tenant) } catch { throw Problem.wrap(error) }
        guard let found = all.first(where: { $0.name == name }) else {
            throw Problem.notFound("source '\(name)' is not declared in sources: of steward.yaml" + Suggestion.hint(for: name, among: all.map(\.name)))
        }
        return try JSONResponse.make(encode(found))
    }

    @Sendable func refreshed(_ request: Request, context: StewardRequestContext) async throws -> Response {
        let principal = try context.require(.agent)
        let name = try context.parameters.segment("name")
        let raw = try await RequestBody.collect(request, context: context)
        var at: Timestamp?
        if !raw.allSatisfy({ $0 == 32 || $0 == 10 || $0 == 13 }) {
            var fields = try JSONFields(raw)
            if let text = fields.string("at") {
                at = Timestamp(rfc3339: text)
                if at == nil { fields.add([FieldProblem(field: "at", reason: "must be an ISO-8601 date-time, got '\(text.prefix(64))'")]) }
            }
            try fields.finish("refresh")
        }
        guard ProposalCheck.isName(name) else {
            throw Problem.invalid("the source name is invalid", errors: [.init(field: "name", reason: APIName.rule)])
        }
        // A refresh withdraws standing refetches and makes the source read fresh to every agent:
        // a bound key may say so only of a source its own agents depend on (QA healing F7). An
        // undeclared source is the same 422 for every key (QA r8 freshness L2), named first.
        if let bound = principal.boundAgents, remediator.healingRules.configuration.source(named: name) != nil {
            var used: Set<String> = []
            for agent in bound {
                used.formUnion(remediator.healingRules.declaredAgent(agent, tenant: principal.tenant)?.dependencies ?? [])
                if let row = try? await remediator.agent(agent, tenant: principal.tenant) { used.formUnion(row.lastSignal?.context.dependencies ?? []) }
            }
            guard used.contains(name) else {
                let agents = bound.map { "'\($0)'" }.joined(separator: ", ")
                throw Problem.forbidden(
                    "key '\(principal.keyID)' speaks only for agent \(agents), which does not depend on source '\(name)'",
                    errors: [.init(field: "name", reason: "not a source this key's agents depend on")])
            }
        }
        do {
            return try JSONResponse.make(encode(try await remediator.sourceRefreshed(name, tenant: principal.tenant, at: at, by: principal.actor)))
        } catch { throw Problem.wrap(error) }
    }

    @Sendable func arms(_ request: Request, context: StewardRequestContext) async throws -> Response {
        let principal = try context.require(.agent, for: .read)
        try Query(request).finish()
        do {
            let arms = try await remediator.arms(tenant: principal.tenant)
            let bandit = remediator.healingRules.settings.bandit
            return try JSONResponse.make([
                "enabled": .bool(bandit.enabled), "strategy": .string(bandit.strategy.rawValue), "exploration": .double(bandit.exploration),
                "arms": encode(arms),
            ])
        } catch { throw Problem.wrap(error) }
    }

    func encode(_ value: some Encodable) throws -> JSONValue { try JSONValueEncoder.encode(value) }
}
