import Logging
import PostgresNIO
public import StewardCore

/// Reads execution records: by page, as baseline columns, by id, and the skills that have any.
enum PostgresExecutionReader {
    static func page(tenant: String, query: ExecutionQuery, client: PostgresClient, logger: Logger) async throws -> ExecutionPage {
        let limit = max(1, min(query.limit, 100_000))
        let from = query.from?.millisecondsSinceEpoch
        let to = query.to?.millisecondsSinceEpoch
        let rows = try await client.query("""
            SELECT seq, body FROM executions
            WHERE tenant = \(tenant) AND seq > \(query.after)
              AND (\(query.skill)::text IS NULL OR skill = \(query.skill))
              AND (\(from)::int8 IS NULL OR start_ms >= \(from))
              AND (\(to)::int8 IS NULL OR start_ms < \(to))
              AND (\(query.succeeded)::bool IS NULL OR ok = \(query.succeeded))
            ORDER BY seq
            LIMIT \(limit + 1)
            """, logger: logger)
        var page: [(position: Int64, body: String)] = []
        for try await (seq, body) in rows.decode((Int64, String).self) { page.append((seq, body)) }
        let more = page.count > limit
        if more { page.removeLast() }
        return ExecutionPage(rows: page, next: more ? page.last?.position : nil)
    }

    static func samples(
        tenant: String, skill: String, from: Timestamp, to: Timestamp, client: PostgresClient, logger: Logger
    ) async throws -> ExecutionSamples {
        let rows = try await client.query("""
            SELECT ok, latency_ms, cost_usd, tokens, quota_pct, tier FROM executions
            WHERE tenant = \(tenant) AND skill = \(skill)
              AND start_ms >= \(from.millisecondsSinceEpoch) AND start_ms < \(to.millisecondsSinceEpoch)
            """, logger: logger)
        var samples = ExecutionSamples()
        for try await (ok, latency, cost, tokens, pct, tier) in rows.decode((Bool, Int64, Double?, Int64, Double?, String?).self) {
            samples.succeeded.append(ok)
            samples.latencyMs.append(latency)
            samples.tokens.append(tokens)
            if let cost { samples.costUSD.append(cost) }
            if let pct, tokens > 0 { samples.quotaPctPerToken.append(pct / Double(tokens)) }
            samples.tiers[tier ?? "unknown", default: 0] += 1
        }
        return samples
    }

    /// The fields that have no column of their own come out of the body.
    static func facts(
        tenant: String, skill: String?, from: Timestamp, to: Timestamp, client: PostgresClient, logger: Logger
    ) async throws -> [ExecutionFact] {
        let rows = try await client.query("""
            SELECT skill, b->>'routing_strategy', b->>'provider', start_ms, end_ms, ok, latency_ms, cost_usd, tier, quota_pct,
                   (b->>'free_tier_quota_remaining')::int8, tokens
            FROM (SELECT seq, skill, start_ms, end_ms, ok, latency_ms, cost_usd, tier, quota_pct, tokens, body::jsonb AS b FROM executions
                  WHERE tenant = \(tenant) AND (\(skill)::text IS NULL OR skill = \(skill))
                    AND start_ms >= \(from.millisecondsSinceEpoch) AND start_ms < \(to.millisecondsSinceEpoch)) AS e
            ORDER BY seq
            """, logger: logger)
        var facts: [ExecutionFact] = []
        let decoded = rows.decode((String, String?, String?, Int64, Int64, Bool, Int64, Double?, String?, Double?, Int64?, Int64).self)
        for try await (skill, strategy, provider, start, end, ok, latency, cost, tier, pct, remaining, tokens) in decoded {
            facts.append(ExecutionFact(
                skill: skill, strategy: strategy, provider: provider, startMs: start, endMs: end, succeeded: ok, latencyMs: latency,
                costUSD: cost, tier: tier, quotaPct: pct, quotaRemaining: remaining, tokens: tokens))
        }
        return facts
    }

    static func stored(tenant: String, ids: [String], client: PostgresClient, logger: Logger) async throws -> [String: String] {
        let rows = try await client.query(
            "SELECT id, body FROM executions WHERE tenant = \(tenant) AND id = ANY(\(ids)::text[])", logger: logger)
        var found: [String: String] = [:]
        for try await (id, body) in rows.decode((String, String).self) { found[id] = body }
        return found
    }

    static func skills(tenant: String, client: PostgresClient, logger: Logger) async throws -> [String] {
        // A recursive loose index scan: one probe per skill.
        let rows = try await client.query("""
            WITH RECURSIVE s(skill) AS (
                (SELECT skill FROM executions WHERE tenant = \(tenant) ORDER BY skill LIMIT 1)
                UNION ALL
                SELECT (SELECT e.skill FROM executions AS e WHERE e.tenant = \(tenant) AND e.skill > s.skill ORDER BY e.skill LIMIT 1)
                FROM s WHERE s.skill IS NOT NULL
            )
            SELECT skill FROM s WHERE skill IS NOT NULL
            """, logger: logger)
        var skills: [String] = []
        for try await skill in rows.decode(String.self) { skills.append(skill) }
        return skills
    }
}

extension PostgresStore {
    public func executions(tenant: String, query: ExecutionQuery) async throws(StoreError) -> ExecutionPage {
        try await perform("read executions of \(tenant)") { client, logger in
            try await PostgresExecutionReader.page(tenant: tenant, query: query, client: client, logger: logger)
        }
    }

    public func executionSamples(tenant: String, skill: String, from: Timestamp, to: Timestamp) async throws(StoreError) -> ExecutionSamples {
        try await perform("read executions of \(skill)", within: Self.scanDeadline) { client, logger in
            try await PostgresExecutionReader.samples(tenant: tenant, skill: skill, from: from, to: to, client: client, logger: logger)
        }
    }

    public func executionFacts(tenant: String, skill: String?, from: Timestamp, to: Timestamp) async throws(StoreError) -> [ExecutionFact] {
        try await perform("read execution facts of \(skill ?? tenant)", within: Self.scanDeadline) { client, logger in
            try await PostgresExecutionReader.facts(tenant: tenant, skill: skill, from: from, to: to, client: client, logger: logger)
        }
    }

    public func storedExecutions(tenant: String, ids: [String]) async throws(StoreError) -> [String: String] {
        guard !ids.isEmpty else { return [:] }
        return try await perform("look up \(ids.count) execution ids") { client, logger in
            try await PostgresExecutionReader.stored(tenant: tenant, ids: ids, client: client, logger: logger)
        }
    }

    public func executionSkills(tenant: String) async throws(StoreError) -> [String] {
        try await perform("list skills of \(tenant)") { client, logger in
            try await PostgresExecutionReader.skills(tenant: tenant, client: client, logger: logger)
        }
    }
}
