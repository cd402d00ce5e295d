import HTTPTypes
public import Hummingbird
public import StewardCore
public import StewardEngine

/// Governance: autonomy metrics for a period, readiness, attestations and drills, the cycle and
/// its reports, and scope-expansion proposals with their approvals.
public struct GovernanceController: Sendable {
    let governance: Governance
    let clock: any WallClock

    /// Governance routes.
    public init(governance: Governance, clock: any WallClock) {
        self.governance = governance
        self.clock = clock
    }

    /// Adds the routes.
    public func register(on router: Router<StewardRequestContext>) {
        router.get("/v1/governance/metrics", use: metrics)
        router.get("/v1/governance/readiness", use: readiness)
        router.get("/v1/governance/level", use: level)
        router.get("/v1/governance/attestations", use: attestations)
        router.post("/v1/governance/attestations", use: attest)
        router.post("/v1/governance/drills", use: drill)
        router.post("/v1/governance/cycle", use: cycle)
        router.get("/v1/governance/reports", use: reports)
        router.get("/v1/governance/reports/:id", use: report)
        router.get("/v1/proposals", use: proposals)
        router.get("/v1/proposals/:id", use: proposal)
        router.post("/v1/proposals/:id/approve", use: approve)
        router.post("/v1/proposals/:id/reject", use: reject)
    }

    @Sendable func metrics(_ request: Request, context: StewardRequestContext) async throws -> Response {
        let principal = try context.require(.agent, for: .read)
        var query = Query(request)
        let asked = query.timestamp("to")
        let to = asked ?? clock.now()
        let from = query.timestamp("from") ?? to.adding(milliseconds: -7 * 86_400_000)
        if from >= to { query.errors.append(.init(field: "from", reason: "must be before to (\(to.rfc3339))")) }
        try query.finish()
        do {
            return try JSONResponse.make(try JSONValueEncoder.encode(try await governance.metrics(tenant: principal.tenant, from: from, to: to, untilNow: asked == nil)))
        } catch { throw Problem.wrap(error) }
    }

    @Sendable func readiness(_ request: Request, context: StewardRequestContext) async throws -> Response {
        let principal = try context.require(.agent, for: .read)
        try Query(request).finish()
        do {
            return try JSONResponse.make(try JSONValueEncoder.encode(try await governance.readiness(tenant: principal.tenant).report))
        } catch { throw Problem.wrap(error) }
    }

    @Sendable func level(_ request: Request, context: StewardRequestContext) async throws -> Response {
        let principal = try context.require(.agent, for: .read)
        try Query(request).finish()
        do {
            let (level, held) = try await governance.level(tenant: principal.tenant)
            return try JSONResponse.make(["level": .string(level.rawValue), "heldByBreaker": .bool(held)])
        } catch { throw Problem.wrap(error) }
    }

    @Sendable func attestations(_ request: Request, context: StewardRequestContext) async throws -> Response {
        let principal = try context.require(.agent, for: .read)
        try Query(request).finish()
        do {
            let now = clock.now()
            let items = try await governance.attestations(tenant: principal.tenant).map { a throws -> JSONValue in
                guard case .object(var fields) = try JSONValueEncoder.encode(a) else { return .null }
                fields["valid"] = .bool(a.isValid(at: now))
                return .object(fields)
            }
            let attestable = Governance.attestable.map { JSONValue.object(["key": .string($0.key), "name": .string($0.name)]) }
            return try JSONResponse.make(["items": .array(items), "attestable": .array(attestable)])
        } catch { throw Problem.wrap(error) }
    }

    @Sendable func attest(_ request: Request, context: StewardRequestContext) async throws -> Response {
        let principal = try context.require(.operator)
        var fields = try JSONFields(try await RequestBody.collect(request, context: context))
        let item = fields.string("item", required: true, maxLength: 100)
        let evidence = fields.string("evidence", required: true)
        let note = fields.string("note")
        try fields.finish("attestation")
        do {
            let a = try await governance.attest(
                tenant: principal.tenant, key: item ?? "", evidence: evidence ?? "", note: note, by: principal.name, actor: principal.actor)
            return try JSONResponse.make(try JSONValueEncoder.encode(a), status: .created)
        } catch { throw Problem.wrap(error) }
    }

    @Sendable func drill(_ request: Request, context: StewardRequestContext) async throws -> Response {
        let principal = try context.require(.operator)
        var fields = try JSONFields(try await RequestBody.collect(request, context: context))
        let kind = fields.string("kind", required: true, maxLength: 50)
        let passed = fields.bool("passed")
        let evidence = fields.string("evidence")
        if passed == nil && fields.problems.allSatisfy({ $0.field != "passed" }) { fields.add([.init(field: "passed", reason: "is required (true or false)")]) }
        fields.add(Governance.drillProblems(kind: kind, evidence: evidence))
        try fields.finish("drill")
        do {
            let d = try await governance.recordDrill(
                tenant: principal.tenant, kind: kind ?? "", passed: passed ?? false, evidence: evidence, by: principal.name, actor: principal.actor)
            return try JSONResponse.make(try JSONValueEncoder.encode(d), status: .created)
        } catch { throw Problem.wrap(error) }
    }

    @Sendable func cycle(_ request: Request, context: StewardRequestContext) async throws -> Response {
        let principal = try context.require(.operator)
        try await RequestBody.requireNone(request, context: context)
        do {
            let (report, proposal) = try await governance.runCycle(tenant: principal.tenant, actor: principal.actor)
            return try JSONResponse.make([
                "report": try JSONValueEncoder.encode(report), "proposal": try proposal.map { p throws in try JSONValueEncoder.encode(p) } ?? .null,
            ], status: .created)
        } catch { throw Problem.wrap(error) }
    }

    @Sendable func reports(_ request: Request, context: StewardRequestContext) async throws -> Response {
        let principal = try context.require(.agent, for: .read)
        try Query(request).finish()
        do {
            let items = try await governance.reports(tenant: principal.tenant).map { r -> JSONValue in
                [
                    "id": .string(r.id), "generatedAt": .string(r.generatedAt.rfc3339), "level": .string(r.level.rawValue),
                    "score": .double(r.readiness.overall.score), "ready": .bool(r.readiness.overall.ready),
                    "proposalId": r.proposalId.map(JSONValue.string) ?? .null,
                ]
            }
            return try JSONResponse.make(["items": .array(items)])
        } catch { throw Problem.wrap(error) }
    }

    @Sendable func report(_ request: Request, context: StewardRequestContext) async throws -> Response {
        let principal = try context.require(.agent, for: .read)
        let id = try context.parameters.segment("id")
        var query = Query(request)
        let accept = request.headers[.accept] ?? ""
        let format = query.format() ?? (accept.contains("text/html") ? "html" : accept.contains("text/markdown") ? "md" : "json")
        if !["json", "md", "html"].contains(format) { query.errors.append(.init(field: "format", reason: "must be json, md or html")) }
        try query.finish()
        do {
            let report = try await governance.report(id, tenant: principal.tenant)
            switch format {
            case "md": return text(report.markdown(), type: "text/markdown; charset=utf-8")
            case "html":
                // A page a browser may open straight from the API: no script, nothing framing it, nothing it
                // can post to; only its own inline style. The Control Center shows the same report at /ui/reports/{id}.
                var response = text(report.html(), type: "text/html; charset=utf-8")
                response.headers[.contentSecurityPolicy] =
                    "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
                response.headers[.referrerPolicy] = "same-origin"
                return response
            default: return try JSONResponse.make(try JSONValueEncoder.encode(report))
            }
        } catch { throw Problem.wrap(error) }
    }

    private func text(_ body: String, type: String) -> Response {
        Response(status: .ok, headers: [.contentType: type], body: .init(byteBuffer: ByteBuffer(string: body)))
    }

    @Sendable func proposals(_ request: Request, context: StewardRequestContext) async throws -> Response {
        let principal = try context.require(.agent, for: .read)
        try Query(request).finish()
        do {
            let items = try await governance.proposals(tenant: principal.tenant).map { p throws in try JSONValueEncoder.encode(p) }
            return try JSONResponse.make(["items": .array(items)])
        } catch { throw Problem.wrap(error) }
    }

    @Sendable func proposal(_ request: Request, context: StewardRequestContext) async throws -> Response {
        let principal = try context.require(.agent, for: .read)
        try Query(request).finish()
        let id = try context.parameters.segment("id")
        do {
            return try JSONResponse.make(try JSONValueEncoder.encode(try await governance.proposal(id, tenant: principal.tenant)))
        } catch { throw Problem.wrap(error) }
    }

    @Sendable func approve(_ request: Request, context: StewardRequestContext) async throws -> Response {
        let principal = try context.require(.operator)
        let id = try context.parameters.segment("id")
        var fields = try JSONFields(orEmpty: try await RequestBody.collect(request, context: context))
        let note = fields.string("note")
        try fields.finish("approval")
        do {
            let p = try await governance.approve(id, tenant: principal.tenant, principal: principal.name, note: note, actor: principal.actor)
            return try JSONResponse.make(try JSONValueEncoder.encode(p))
        } catch { throw Problem.wrap(error) }
    }

    @Sendable func reject(_ request: Request, context: StewardRequestContext) async throws -> Response {
        let principal = try context.require(.operator)
        let id = try context.parameters.segment("id")
        var fields = try JSONFields(try await RequestBody.collect(request, context: context))
        let reason = fields.string("reason", required: true)
        try fields.finish("rejection")
        do {
            let p = try await governance.reject(id, tenant: principal.tenant, principal: principal.name, reason: reason ?? "", actor: principal.actor)
            return try JSONResponse.make(try JSONValueEncoder.encode(p))
        } catch { throw Problem.wrap(error) }
    }
}
