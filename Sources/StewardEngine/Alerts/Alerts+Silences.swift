public import StewardCore

/// Silences: created and deleted by operators through the API, each change a ledger entry; kept
/// as state rows (collection `silences`) until deleted. An expired silence matches nothing.
extension Alerts {
    /// Every silence of the tenant, newest id last.
    public func silences(tenant: String) async throws(StoreError) -> [Silence] {
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
        tenant: String, id: String, rule: String?, skill: String?, reason: String?, expiresAt: Timestamp?, actor: String
    ) async throws(StoreError) -> Result<Silence, SilenceProblems> {
        let now = clock.now()
        let problems = Silence.problems(rule: rule, skill: skill, reason: reason, expiresAt: expiresAt, now: now, rules: rules)
        guard problems.isEmpty, let reason, let expiresAt else { return .failure(SilenceProblems(problems: problems)) }
        let silence = Silence(id: id, rule: rule, skill: skill, reason: reason, expiresAt: expiresAt, createdAt: now, createdBy: actor)
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

    /// Deletes a silence; false when there is none with that id.
    public func deleteSilence(tenant: String, id: String, actor: String) async throws(StoreError) -> Bool {
        guard let row = try await store.projection(tenant: tenant, collection: Self.silences, id: id) else { return false }
        let draft: LedgerDraft
        do throws(CanonicalJSONError) {
            draft = try LedgerDraft(
                tenant: tenant, ts: clock.now(), kind: "silence.deleted", subject: "silence:\(id)", actor: actor, payload: row.body,
                configRevision: revision)
        } catch {
            throw StoreError(.invalid, operation: "delete silence \(id)", reason: error.description)
        }
        _ = try await store.commit(StoreCommit(
            drafts: [draft], projections: [.remove(tenant: tenant, collection: Self.silences, id: id)],
            preconditions: [ProjectionPrecondition(tenant: tenant, collection: Self.silences, id: id, expectedVersion: row.version)]))
        return true
    }
}

/// Why a silence was refused: every field problem.
public struct SilenceProblems: Error, Sendable {
    /// The problems, named as the API names the fields.
    public var problems: [FieldProblem]
}
