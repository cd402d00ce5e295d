public import StewardCore

/// Silences: created and ended by operators through the API, each change a ledger entry; kept as
/// state rows (collection `silences`), ended or expired ones too, so that the list still shows
/// what silenced a page and who ended it. An expired or ended silence matches nothing.
extension Alerts {
    /// Every silence of the tenant, newest id last.
    public func silences(tenant: String) async throws(StoreError) -> [Silence] {
        try await Self.silences(in: store, tenant: tenant)
    }

    /// Every silence of the tenant in `store`, for the breaker keeper, which silences too.
    static func silences(in store: any Store, tenant: String) async throws(StoreError) -> [Silence] {
        var all: [Silence] = []
        var after: String?
        while true {
            let rows = try await store.projections(ProjectionQuery(tenant: tenant, collection: Self.silences, afterID: after, limit: 500))
            all += rows.compactMap { try? JSONValueDecoder.decode(Silence.self, from: $0.body) }
            guard rows.count == 500 else { break }
            after = rows.last?.id
        }
        return all
    }

    /// Creates a silence; `problems` lists what is wrong with its fields, and nothing is stored then.
    public func silence(
        tenant: String, id: String, rule: String?, skill: String?, provider: String? = nil, breaker: String? = nil, reason: String?,
        expiresAt: Timestamp?, actor: String
    ) async throws(StoreError) -> Result<Silence, SilenceProblems> {
        let now = clock.now()
        let problems = Silence.problems(
            rule: rule, skill: skill, provider: provider, breaker: breaker, reason: reason, expiresAt: expiresAt, now: now, rules: rules,
            breakers: breakerRules)
        guard problems.isEmpty, let reason, let expiresAt else { return .failure(SilenceProblems(problems: problems)) }
        let silence = Silence(
            id: id, rule: rule, skill: skill, provider: provider, breaker: breaker, reason: reason, expiresAt: expiresAt, createdAt: now,
            createdBy: actor)
        var commit = StoreCommit()
        do {
            try commit.record(
                silence, tenant: tenant, row: DocumentKey(Self.silences, id), isNew: true, kind: "silence.created", subject: "silence:\(id)",
                actor: actor, at: now, revision: revision)
        } catch {
            throw StoreError(.invalid, operation: "create silence \(id)", reason: error.description)
        }
        _ = try await store.commit(commit)
        return .success(silence)
    }

    /// Ends a silence now (`DELETE`): it stays listed, inactive, with when and by whom it ended.
    public func endSilence(tenant: String, id: String, actor: String) async throws(StoreError) -> SilenceEnding {
        guard let row = try await store.projection(tenant: tenant, collection: Self.silences, id: id),
            var silence = try? JSONValueDecoder.decode(Silence.self, from: row.body)
        else { return .notFound }
        if let at = silence.endedAt { return .alreadyEnded(at: at, by: silence.endedBy ?? "") }
        let now = clock.now()
        (silence.endedAt, silence.endedBy) = (now, actor)
        let body: JSONValue, draft: LedgerDraft
        do throws(CanonicalJSONError) {
            body = try JSONValueEncoder.encode(silence)
            draft = try LedgerDraft(
                tenant: tenant, ts: now, kind: "silence.deleted", subject: "silence:\(id)", actor: actor, payload: body, configRevision: revision)
        } catch {
            throw StoreError(.invalid, operation: "end silence \(id)", reason: error.description)
        }
        // Guarded by the row's version: of two concurrent ends, one commits and the other is refused.
        _ = try await store.commit(StoreCommit(
            drafts: [draft], projections: [.put(ProjectionDocument(tenant: tenant, collection: Self.silences, id: id, body: body))],
            preconditions: [ProjectionPrecondition(tenant: tenant, collection: Self.silences, id: id, expectedVersion: row.version)]))
        return .ended(silence)
    }
}

/// What ending a silence did.
public enum SilenceEnding: Sendable, Hashable {
    /// It ended now.
    case ended(Silence)
    /// It had been ended before, at `at` by `by` (expiry alone does not count: ending an expired
    /// silence records who closed it).
    case alreadyEnded(at: Timestamp, by: String)
    /// No silence has that id.
    case notFound
}

/// Why a silence was refused: every field problem.
public struct SilenceProblems: Error, Sendable {
    /// The problems, named as the API names the fields.
    public var problems: [FieldProblem]
}
