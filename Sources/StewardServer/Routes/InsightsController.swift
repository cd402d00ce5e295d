public import Hummingbird
import StewardCore
public import StewardEngine

/// What Steward learned and reports: `GET /v1/rankings` and `GET /v1/digests`.
public struct InsightsController: Sendable {
    let spine: ActionSpine

    /// Insight routes over the spine.
    public init(spine: ActionSpine) { self.spine = spine }

    /// Adds the routes.
    public func register(on router: Router<StewardRequestContext>) {
        router.get("/v1/rankings", use: rankings)
        router.get("/v1/digests", use: digest)
    }

    @Sendable func rankings(_ request: Request, context: StewardRequestContext) async throws -> Response {
        let principal = try context.require(.agent, for: .read)
        let q = request.uri.queryParameters
        try Query(request, taking: ["agent", "type"]).finish()
        do {
            let result = try await spine.rankings(tenant: principal.tenant, agent: q["agent"].map(String.init), type: q["type"].map(String.init))
            return try JSONResponse.make(try JSONValueEncoder.encode(result))
        } catch { throw Problem.wrap(error) }
    }

    /// The account's digest for a day, as JSON or (with `format=markdown` or `Accept: text/markdown`) Markdown.
    @Sendable func digest(_ request: Request, context: StewardRequestContext) async throws -> Response {
        let principal = try context.require(.agent, for: .read)
        let q = request.uri.queryParameters
        var errors: [Problem.FieldError] = []
        let account = q["account"].map(String.init)
        if account == nil { errors.append(.init(field: "account", reason: "is required")) }
        let date = q["date"].map(String.init) ?? Timestamp(secondsSinceEpoch: 0).utcDay
        if q["date"] == nil { errors.append(.init(field: "date", reason: "is required (YYYY-MM-DD, UTC)")) }
        let format = q["format"].map(String.init) ?? ((request.headers[.accept] ?? "").contains("text/markdown") ? "markdown" : "json")
        if format != "json" && format != "markdown" { errors.append(.init(field: "format", reason: "must be json or markdown")) }
        var query = Query(request, taking: ["account", "date", "format"])
        query.errors = errors
        try query.finish()
        do {
            // A key bound to agents reads its agents' share, as it reads only their actions.
            let (digest, stored) = try await spine.digest(tenant: principal.tenant, account: account ?? "", date: date, agents: principal.boundAgents)
            if format == "markdown" {
                return Response(
                    status: .ok, headers: [.contentType: "text/markdown; charset=utf-8"],
                    body: .init(byteBuffer: ByteBuffer(string: digest.markdown())))
            }
            var body = try JSONValueEncoder.encode(digest)
            if case .object(var members) = body {
                members["stored"] = .bool(stored)
                members["markdown"] = .string(digest.markdown())
                body = .object(members)
            }
            return try JSONResponse.make(body)
        } catch { throw Problem.wrap(error) }
    }
}
