public import Hummingbird
import StewardCore
public import StewardEngine

/// The optimization engine's analyses (seed 004 §2b.1) over the last `days` days (1...90, 7 by
/// default): `GET /v1/insights/reliability`, `/cost`, `/latency-by-hour` and `/quota`.
public struct ExecutionInsightsController: Sendable {
    let insights: ExecutionInsights

    /// Routes over `insights`.
    public init(insights: ExecutionInsights) { self.insights = insights }

    /// Adds the routes.
    public func register(on router: Router<StewardRequestContext>) {
        router.get("/v1/insights/reliability", use: reliability)
        router.get("/v1/insights/cost", use: cost)
        router.get("/v1/insights/latency-by-hour", use: latencyByHour)
        router.get("/v1/insights/quota", use: quota)
    }

    /// The `days` parameter: 1...90, 7 when absent.
    static func days(_ q: inout Query) -> Int {
        guard let text = q.typed("days", expecting: "give an integer from 1 to 90") else { return 7 }
        guard let days = Int(text), (1...90).contains(days) else {
            q.errors.append(.init(field: "days", reason: "must be an integer from 1 to 90, got '\(text)'"))
            return 7
        }
        return days
    }

    static func window(_ w: ExecutionInsights.Window) -> JSONValue {
        ["from": .string(w.from.rfc3339), "to": .string(w.to.rfc3339), "days": .int(Int64(w.days))]
    }

    static func optional(_ value: Double?) -> JSONValue { value.map(JSONValue.double) ?? .null }

    @Sendable func reliability(_ request: Request, context: StewardRequestContext) async throws -> Response {
        let principal = try context.require(.agent, for: .read)
        var q = Query(request)
        let days = Self.days(&q)
        try q.finish()
        let (window, ranking) = try await run { () async throws(StoreError) in try await insights.reliability(tenant: principal.tenant, days: days) }
        return try JSONResponse.make([
            "window": Self.window(window),
            "skills": .array(ranking.enumerated().map { rank, r in
                [
                    "rank": .int(Int64(rank + 1)), "skill": .string(r.skill), "executions": .int(Int64(r.executions)),
                    "successes": .int(Int64(r.successes)), "successRate": .double(r.successRate),
                ]
            }),
        ])
    }

    @Sendable func cost(_ request: Request, context: StewardRequestContext) async throws -> Response {
        let principal = try context.require(.agent, for: .read)
        var q = Query(request)
        let days = Self.days(&q)
        let tier = q.choice("tier", SkillExecution.CostTier.self)
        try q.finish()
        let (window, rows) = try await run { () async throws(StoreError) in
            try await insights.cost(tenant: principal.tenant, tier: tier?.rawValue, days: days)
        }
        return try JSONResponse.make([
            "window": Self.window(window), "tier": tier.map { .string($0.rawValue) } ?? .null,
            "skills": .array(rows.map { r in
                [
                    "skill": .string(r.skill), "executions": .int(Int64(r.executions)), "knownCostExecutions": .int(Int64(r.knownCostExecutions)),
                    "unknownCostExecutions": .int(Int64(r.unknownCostExecutions)), "totalCostUsd": .double(r.totalCostUSD),
                    "averageCostUsd": Self.optional(r.averageCostUSD),
                ]
            }),
        ])
    }

    @Sendable func latencyByHour(_ request: Request, context: StewardRequestContext) async throws -> Response {
        let principal = try context.require(.agent, for: .read)
        var q = Query(request)
        let days = Self.days(&q)
        let skill = q.typed("skill", expecting: "give a skill name")
        try q.finish()
        let (window, hours) = try await run { () async throws(StoreError) in
            try await insights.latencyByHour(tenant: principal.tenant, skill: skill, days: days)
        }
        return try JSONResponse.make([
            "window": Self.window(window), "skill": skill.map(JSONValue.string) ?? .null,
            "hours": .array(hours.map { h in
                ["hour": .int(Int64(h.hour)), "executions": .int(Int64(h.executions)), "p50Ms": .int(h.p50Ms), "p95Ms": .int(h.p95Ms)]
            }),
        ])
    }

    @Sendable func quota(_ request: Request, context: StewardRequestContext) async throws -> Response {
        let principal = try context.require(.agent, for: .read)
        var q = Query(request)
        let days = Self.days(&q)
        try q.finish()
        let (window, use) = try await run { () async throws(StoreError) in try await insights.quota(tenant: principal.tenant, days: days) }
        return try JSONResponse.make([
            "window": Self.window(window),
            "daily": .array(use.days.map { d in
                [
                    "date": .string(d.date), "provider": d.provider.map(JSONValue.string) ?? .null, "skill": .string(d.skill),
                    "executions": .int(Int64(d.executions)), "maxQuotaPctUsed": Self.optional(d.maxQuotaPctUsed.map(Percent.reported)),
                    "averageQuotaRemaining": Self.optional(d.averageQuotaRemaining), "source": .string(d.source),
                ]
            }),
            "runways": .array(use.runways.map { r in
                [
                    "provider": r.provider.map(JSONValue.string) ?? .null, "skill": .string(r.skill), "days": .int(Int64(r.days)),
                    "averageDailyPctUsed": .double(Percent.reported(r.averageDailyPctUsed)), "runwayDays": Self.optional(r.runwayDays),
                    "sentence": .string(r.sentence),
                ]
            }),
        ])
    }

    /// Runs a store read, its failure as a problem document.
    func run<T>(_ read: () async throws(StoreError) -> T) async throws -> T {
        do { return try await read() } catch { throw Problem.wrap(error) }
    }
}
