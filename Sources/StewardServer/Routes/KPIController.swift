public import Hummingbird
public import StewardCore
public import StewardEngine

/// `GET /v1/kpis?from=&to=`: the remediation KPIs as JSON, or CSV with `format=csv` or `Accept: text/csv`.
public struct KPIController: Sendable {
    let remediator: Remediator
    let clock: any WallClock

    /// KPI routes over `remediator`.
    public init(remediator: Remediator, clock: any WallClock) {
        self.remediator = remediator
        self.clock = clock
    }

    /// Adds the route.
    public func register(on router: Router<StewardRequestContext>) {
        router.get("/v1/kpis", use: kpis)
    }

    @Sendable func kpis(_ request: Request, context: StewardRequestContext) async throws -> Response {
        let principal = try context.require(.agent, for: .read)
        var query = Query(request)
        let now = clock.now()
        let to = query.timestamp("to") ?? now
        let from = query.timestamp("from") ?? to.adding(milliseconds: -7 * 86_400_000)
        let format = query.format() ?? ((request.headers[.accept] ?? "").contains("text/csv") ? "csv" : "json")
        if !["json", "csv"].contains(format) { query.errors.append(.init(field: "format", reason: "must be json or csv")) }
        if from >= to { query.errors.append(.init(field: "from", reason: "must be before to (\(to.rfc3339))")) }
        try query.finish()
        let report: KPIReport
        do { report = try await remediator.kpis(tenant: principal.tenant, window: KPIWindow(from: from, to: to)) } catch { throw Problem.wrap(error) }
        if format == "csv" {
            return Response(
                status: .ok, headers: [.contentType: "text/csv; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: report.csv())))
        }
        return try JSONResponse.make(try JSONValueEncoder.encode(report))
    }
}
