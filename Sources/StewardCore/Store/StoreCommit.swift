/// One all-or-nothing unit of durable work: ledger entries, the state rows they cause, and the
/// idempotency record of the request that caused them.
///
/// Stores group many concurrent commits into one database transaction (group commit) but apply
/// each commit's preconditions and writes in isolation: one failing commit never takes the others
/// down, and a commit is acknowledged only after its transaction is durable.
public struct StoreCommit: Sendable {
    /// Entries to append, in order; they may span tenants.
    public var drafts: [LedgerDraft]
    /// State rows to write or remove, in the same transaction.
    public var projections: [ProjectionChange]
    /// Conditions on current state rows that must hold, or the commit fails with `conflict`.
    public var preconditions: [ProjectionPrecondition]
    /// The response to store under the request's idempotency key.
    public var idempotency: IdempotencyRecord?
    /// Execution records to append; if one's (tenant, id) is stored already, the commit fails
    /// with `conflict` and stores none of them.
    public var executions: [ExecutionRow] = []
    /// The canonical text of each `put`'s body, by its index in `projections`: filled by a store in
    /// the caller's task before the commit reaches its single writer, so the writer only writes.
    /// Callers leave it empty.
    public var preparedBodies: [Int: String] = [:]

    /// A commit of entries and the projections they cause.
    public init(
        drafts: [LedgerDraft] = [], projections: [ProjectionChange] = [],
        preconditions: [ProjectionPrecondition] = [], idempotency: IdempotencyRecord? = nil
    ) {
        self.drafts = drafts
        self.projections = projections
        self.preconditions = preconditions
        self.idempotency = idempotency
    }

    /// Writes `value` as the state row `row` of `tenant` and appends the same JSON as the ledger
    /// entry recording it; with `isNew`, the commit fails if the row exists already. Returns the JSON.
    @discardableResult
    public mutating func record(
        _ value: some Encodable, tenant: String, row: DocumentKey, status: String? = nil, ref: String? = nil, isNew: Bool = false,
        kind: String, subject: String, actor: String, at ts: Timestamp, revision: String
    ) throws(CanonicalJSONError) -> JSONValue {
        let body = try JSONValueEncoder.encode(value)
        drafts.append(try LedgerDraft(tenant: tenant, ts: ts, kind: kind, subject: subject, actor: actor, payload: body, configRevision: revision))
        projections.append(.put(ProjectionDocument(tenant: tenant, collection: row.collection, id: row.id, status: status, ref: ref, body: body)))
        if isNew { preconditions.append(ProjectionPrecondition(tenant: tenant, collection: row.collection, id: row.id, expectedVersion: 0)) }
        return body
    }
}

/// What a durable commit produced: where each draft landed, in the order given.
public struct CommitReceipt: Sendable, Hashable {
    /// One seal per draft.
    public var seals: [LedgerSeal]

    /// A receipt for the given seals.
    public init(seals: [LedgerSeal]) { self.seals = seals }
}

extension StoreCommit {
    /// Why the commit cannot be stored as given, if a text column would hold a NUL: SQLite would
    /// keep the text up to it (so the stored entry would no longer match its hash) and PostgreSQL
    /// refuses it. Stores check this before the commit joins a batch, so it fails alone.
    public var textProblem: StoreError? {
        func bad(_ values: [String?]) -> String? { values.compactMap { $0 }.first { $0.utf8.contains(0) } }
        for draft in drafts {
            if let text = bad([draft.tenant, draft.kind, draft.subject, draft.actor, draft.configRevision]) {
                return StoreError(.invalid, operation: "commit", reason: "ledger entry text holds a NUL character: \(text.debugDescription)")
            }
        }
        for change in projections {
            let values: [String?]
            switch change {
            case .put(let doc): values = [doc.tenant, doc.collection, doc.id, doc.status, doc.ref]
            case .remove(let tenant, let collection, let id): values = [tenant, collection, id]
            case .tally(let tally): values = [tally.tenant, tally.collection, tally.id]
            }
            if let text = bad(values) {
                return StoreError(.invalid, operation: "commit", reason: "state row key holds a NUL character: \(text.debugDescription)")
            }
        }
        return nil
    }
}
