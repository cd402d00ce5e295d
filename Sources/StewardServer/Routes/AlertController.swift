public import Hummingbird
public import StewardCore
public import StewardEngine

/// Alerts (seed 004 §2a.2): the rule table, raised alerts, the daily digest (JSON or Markdown) and
/// silences (`POST`/`GET /v1/silences`, `DELETE /v1/silences/{id}`).
public struct AlertController: Sendable {
    let alerts: Alerts
    let store: any Store
    let clock: any WallClock

    /// Alert routes over `alerts`.
    public init(alerts: Alerts, store: any Store, clock: any WallClock) {
        self.alerts = alerts
        self.store = store
        self.clock = clock
    }

    /// Adds the routes.
    public func register(on router: Router<StewardRequestContext>) {
        router.get("/v1/alerts", use: list)
        router.get("/v1/alerts/rules", use: rules)
        router.get("/v1/alerts/digest", use: digest)
        router.get("/v1/silences", use: silences)
        router.post("/v1/silences", use: silence)
        router.delete("/v1/silences/:id", use: deleteSilence)
    }

    @Sendable func rules(_ request: Request, context: StewardRequestContext) async throws -> Response {
        _ = try context.require(.agent, for: .read)
        try Query(request).finish()
        let rules: [JSONValue] = try alerts.rules.map { try JSONValueEncoder.encode($0) }
        return try JSONResponse.make(["rules": .array(rules)])
    }

    /// Raised alerts, oldest first: the `alert.raised` entries of the ledger, by page.
    @Sendable func list(_ request: Request, context: StewardRequestContext) async throws -> Response {
        let principal = try context.require(.agent, for: .read)
        var q = Query(request)
        var query = LedgerQuery(afterSeq: q.integer("after") ?? 0, kinds: ["alert.raised"], limit: q.limit())
        query.subject = q.member("rule", of: alerts.rules.map(\.id)).map { "alert:\($0)" }
        (query.from, query.to) = q.period()
        try q.finish()
        let page = try await store.ledger(tenant: principal.tenant, query: query)
        let items: [JSONValue] = page.rows.map { row in
            guard case .object(var fields)? = try? JSONReader.parse(row.canonicalPayload) else { return .null }
            fields["seq"] = .int(row.seq)
            return .object(fields)
        }
        return try JSONResponse.make(["alerts": .array(items), "nextCursor": page.nextCursor.map { .string(String($0)) } ?? .null])
    }

    /// The last 24 hours' digest: JSON (default) or Markdown with `format=markdown`.
    @Sendable func digest(_ request: Request, context: StewardRequestContext) async throws -> Response {
        let principal = try context.require(.agent, for: .read)
        var q = Query(request)
        let format = q.format() ?? "json"
        if format != "json" && format != "markdown" { q.errors.append(.init(field: "format", reason: "must be json or markdown, not '\(format)'")) }
        let to = q.timestamp("to")
        try q.finish()
        let digest: AlertDigest
        do { digest = try await alerts.digest(tenant: principal.tenant, to: to) } catch { throw Problem.wrap(error) }
        guard format == "markdown" else { return try JSONResponse.make(digest.json) }
        return Response(
            status: .ok, headers: [.contentType: "text/markdown; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: digest.markdown)))
    }

    @Sendable func silences(_ request: Request, context: StewardRequestContext) async throws -> Response {
        let principal = try context.require(.agent, for: .read)
        var q = Query(request)
        let active = q.boolean("active")
        try q.finish()
        let all: [Silence]
        do { all = try await alerts.silences(tenant: principal.tenant) } catch { throw Problem.wrap(error) }
        let now = clock.now()
        let shown = all.filter { active == nil || $0.isActive(at: now) == active }
        return try JSONResponse.make(["silences": .array(try shown.map { try Self.view($0, now: now) })])
    }

    /// Creates a silence: `{"matcher": {"rule": ..., "skill": ..., "provider": ...}, "reason": ..., "expiresAt": ...}`.
    @Sendable func silence(_ request: Request, context: StewardRequestContext) async throws -> Response {
        let principal = try context.require(.operator)
        var fields = try JSONFields(try await RequestBody.collect(request, context: context))
        let matcher = fields.object("matcher")
        let reason = fields.string("reason", maxLength: 2000)
        let expiresText = fields.string("expiresAt", required: true, maxLength: 64)
        var problems: [FieldProblem] = []
        var rule: String?, skill: String?, provider: String?, breaker: String?
        if case .object(let members)? = matcher {
            for (key, value) in members.sorted(by: { $0.key < $1.key }) {
                guard ["rule", "skill", "provider", "breaker"].contains(key) else {
                    problems.append(FieldProblem(field: "matcher.\(key)", reason: "is not a field of a matcher (rule, skill, provider, breaker)"))
                    continue
                }
                guard case .string(let text) = value else {
                    if value != .null { problems.append(FieldProblem(field: "matcher.\(key)", reason: "must be a string")) }
                    continue
                }
                switch key {
                case "rule": rule = text
                case "skill": skill = text
                case "breaker": breaker = text
                default: provider = text
                }
            }
        } else if !fields.has("matcher") {
            problems.append(FieldProblem(field: "matcher", reason: "is required"))
        }
        var expiresAt: Timestamp?
        if let expiresText {
            expiresAt = Timestamp(rfc3339: expiresText)
            if expiresAt == nil { problems.append(FieldProblem(field: "expiresAt", reason: "must be an RFC 3339 date-time, got '\(expiresText)'")) }
        }
        fields.add(problems)
        // The values themselves (rule known, expiry in the future, reason given); a field already
        // reported keeps its first problem.
        fields.add(Silence.problems(
            rule: rule, skill: skill, provider: provider, breaker: breaker, reason: reason, expiresAt: expiresAt, now: clock.now(),
            rules: alerts.rules, breakers: alerts.breakerRules))
        try fields.finish("silence")
        let result: Result<Silence, SilenceProblems>
        do {
            result = try await alerts.silence(
                tenant: principal.tenant, id: Self.newID(), rule: rule, skill: skill, provider: provider, breaker: breaker, reason: reason, expiresAt: expiresAt,
                actor: principal.actor)
        } catch { throw Problem.wrap(error) }
        switch result {
        case .success(let silence):
            return try JSONResponse.make(try Self.view(silence, now: clock.now()), status: .created)
        case .failure(let refused):
            throw Problem.invalid("the silence is invalid", errors: refused.problems.map { .init(field: $0.field, reason: $0.reason) })
        }
    }

    @Sendable func deleteSilence(_ request: Request, context: StewardRequestContext) async throws -> Response {
        let principal = try context.require(.operator)
        let id = try context.parameters.segment("id")
        try await RequestBody.requireNone(request, context: context)
        let ending: SilenceEnding
        do { ending = try await alerts.endSilence(tenant: principal.tenant, id: id, actor: principal.actor) } catch { throw Problem.wrap(error) }
        switch ending {
        case .ended: return Response(status: .noContent)
        case .alreadyEnded(let at, let by): throw Problem.conflict("silence \(id) already ended at \(at.rfc3339) by \(by)")
        case .notFound: throw Problem.notFound("silence \(id) not found")
        }
    }

    static func view(_ silence: Silence, now: Timestamp) throws -> JSONValue {
        guard case .object(var fields) = try JSONValueEncoder.encode(silence) else { return .null }
        fields["active"] = .bool(silence.isActive(at: now))
        return .object(fields)
    }

    /// `sil_` and 16 random hex digits.
    static func newID() -> String {
        var generator = SystemRandomNumberGenerator()
        return "sil_" + Digest.hex((0..<8).map { _ in UInt8.random(in: 0...255, using: &generator) })
    }
}
