import StewardCore

/// Decides, without I/O, what a batch of commits does to the rows it read.
///
/// Fed the locked heads, row versions and used idempotency keys, it walks the commits in order as
/// the database would: a commit whose precondition or idempotency key fails is refused and leaves
/// no trace, while later commits see the effects of the earlier ones that succeeded. The result is
/// one set of writes for the whole batch, so the shell sends a handful of statements per batch
/// instead of several per commit.
struct BatchPlanner {
    private var heads: [String: LedgerHead]
    private var versions: [ProjectionKey: Int64]
    private let readVersions: [ProjectionKey: Int64]
    private var usedKeys: Set<IdempotencyKey>
    /// The current document of every row a tally may read, as earlier commits of the batch left it.
    private var documents: [ProjectionKey: ProjectionDocument?]
    private var finalRows: [ProjectionKey: PlannedRow?] = [:]
    private var advanced: Set<String> = []
    private var ledger = LedgerColumns()
    private var idempotency = IdempotencyColumns()
    private var executions = ExecutionColumns()

    init(snapshot: BatchSnapshot) {
        heads = snapshot.heads
        versions = snapshot.versions
        readVersions = snapshot.versions
        usedKeys = snapshot.usedKeys
        documents = snapshot.tallied.mapValues { .some($0) }
    }

    /// The chain heads after every commit planned so far.
    var currentHeads: [String: LedgerHead] { heads }

    /// Heads that moved, to write back to `ledger_heads`, in tenant order.
    var advancedHeads: [(tenant: String, head: LedgerHead)] {
        advanced.sorted().compactMap { tenant in heads[tenant].map { (tenant, $0) } }
    }

    /// Plans one commit: its receipt, or why it is refused (then it changes nothing).
    mutating func plan(_ commit: StoreCommit) -> Result<CommitReceipt, StoreError> {
        do throws(StoreError) {
            for condition in commit.preconditions {
                let key = ProjectionKey(tenant: condition.tenant, collection: condition.collection, id: condition.id)
                let version = versions[key] ?? 0
                if version != condition.expectedVersion {
                    throw StoreError(
                        .conflict, operation: "commit",
                        reason: "\(condition.collection)/\(condition.id) is at version \(version), expected \(condition.expectedVersion)")
                }
            }
            var key: IdempotencyKey?
            if let record = commit.idempotency {
                try Self.requireText(record.tenant, record.key, record.requestHash)
                let candidate = IdempotencyKey(tenant: record.tenant, key: record.key)
                if usedKeys.contains(candidate) {
                    throw StoreError(.idempotencyConflict, operation: "commit", reason: "idempotency key '\(record.key)' was already used")
                }
                key = candidate
            }
            let (rows, touched) = try planProjections(commit.projections)
            let (columns, seals, localHeads) = try planDrafts(commit.drafts)

            // Every check passed: the commit's effects become visible to the ones after it.
            for (tenant, head) in localHeads {
                heads[tenant] = head
                advanced.insert(tenant)
            }
            appendLedger(columns)
            for (rowKey, row) in rows {
                versions[rowKey] = row?.version ?? 0
                finalRows[rowKey] = row
            }
            for (rowKey, document) in touched { documents[rowKey] = document }
            if let key, let record = commit.idempotency {
                usedKeys.insert(key)
                idempotency.append(record)
            }
            for row in commit.executions { executions.append(row) }
            return .success(CommitReceipt(seals: seals))
        } catch {
            return .failure(error)
        }
    }

    /// The writes of every commit that succeeded.
    func writes() -> BatchWrites {
        var writes = BatchWrites(ledger: ledger, idempotency: idempotency, executions: executions)
        for key in finalRows.keys.sorted() {
            let existed = (readVersions[key] ?? 0) > 0
            switch finalRows[key] {
            case .some(.some(let row)):
                if existed { writes.updates.append(row) } else { writes.inserts.append(row) }
            case .some(.none):
                if existed { writes.deletes.append(key) }
            case .none:
                break
            }
        }
        return writes
    }

    /// The rows a commit's changes leave, in order; nil means removed.
    private func planProjections(
        _ changes: [ProjectionChange]
    ) throws(StoreError) -> ([(ProjectionKey, PlannedRow?)], [ProjectionKey: ProjectionDocument?]) {
        var rows: [(ProjectionKey, PlannedRow?)] = []
        var local: [ProjectionKey: Int64] = [:]
        var touched: [ProjectionKey: ProjectionDocument?] = [:]
        for change in changes {
            var change = change
            if case .tally(let tally) = change {
                // A tally is a put of the row as it stands after every earlier change, plus the counts.
                let key = ProjectionKey(tenant: tally.tenant, collection: tally.collection, id: tally.id)
                let current = touched[key] ?? documents[key] ?? nil
                let exists = (local[key] ?? versions[key] ?? 0) > 0
                let base = exists ? current : nil
                change = .put(ProjectionDocument(
                    tenant: tally.tenant, collection: tally.collection, id: tally.id, status: base?.status, ref: base?.ref,
                    body: try tally.apply(to: base?.body)))
            }
            switch change {
            case .tally:
                break
            case .put(let doc):
                touched[ProjectionKey(tenant: doc.tenant, collection: doc.collection, id: doc.id)] = .some(doc)
                try Self.requireText(doc.tenant, doc.collection, doc.id, doc.status ?? "", doc.ref ?? "")
                let key = ProjectionKey(tenant: doc.tenant, collection: doc.collection, id: doc.id)
                let body: String
                do {
                    body = try CanonicalJSON.string(doc.body)
                } catch {
                    throw StoreError(.invalid, operation: "commit", reason: "the body of \(doc.collection)/\(doc.id) is not JSON: \(error)")
                }
                let version = (local[key] ?? versions[key] ?? 0) + 1
                local[key] = version
                rows.append((key, PlannedRow(key: key, status: doc.status, ref: doc.ref, body: body, version: version)))
            case .remove(let tenant, let collection, let id):
                let key = ProjectionKey(tenant: tenant, collection: collection, id: id)
                local[key] = 0
                touched[key] = .some(nil)
                rows.append((key, nil))
            }
        }
        return (rows, touched)
    }

    /// Seals a commit's drafts after the current heads, without touching them yet.
    private func planDrafts(_ drafts: [LedgerDraft]) throws(StoreError) -> (LedgerColumns, [LedgerSeal], [String: LedgerHead]) {
        var columns = LedgerColumns()
        var seals: [LedgerSeal] = []
        seals.reserveCapacity(drafts.count)
        var local: [String: LedgerHead] = [:]
        for draft in drafts {
            try Self.requireText(draft.tenant, draft.kind, draft.subject, draft.actor, draft.configRevision)
            // The payload is stored as text and must come back byte for byte, or the hash breaks.
            guard !draft.canonicalPayload.contains(0), let payload = String(validating: draft.canonicalPayload, as: UTF8.self) else {
                throw StoreError(.invalid, operation: "commit", reason: "a \(draft.kind) payload is not valid UTF-8 text")
            }
            guard let head = local[draft.tenant] ?? heads[draft.tenant] else {
                throw StoreError(.corrupt, operation: "commit", reason: "the chain head of tenant \(draft.tenant) was not locked")
            }
            let seal = LedgerHash.seal(draft, after: head)
            columns.append(draft, payload: payload, seal: seal)
            local[draft.tenant] = seal.head
            seals.append(seal)
        }
        return (columns, seals, local)
    }

    private mutating func appendLedger(_ columns: LedgerColumns) {
        guard !columns.isEmpty else { return }
        ledger.tenant += columns.tenant
        ledger.seq += columns.seq
        ledger.ts += columns.ts
        ledger.kind += columns.kind
        ledger.subject += columns.subject
        ledger.actor += columns.actor
        ledger.payload += columns.payload
        ledger.configRevision += columns.configRevision
        ledger.prevHash += columns.prevHash
        ledger.hash += columns.hash
    }

    /// PostgreSQL text cannot hold NUL; refusing it here keeps one bad commit from failing a batch.
    private static func requireText(_ values: String...) throws(StoreError) {
        for value in values where value.utf8.contains(0) {
            throw StoreError(.invalid, operation: "commit", reason: "a name or key contains a NUL character")
        }
    }
}
