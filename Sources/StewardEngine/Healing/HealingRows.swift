public import StewardCore

/// Where the remediation loop keeps its state rows.
public enum HealingRows {
    /// Agents by name (status: the dashboard state; ref: the directive it works on).
    public static let agents = "agents"
    /// Incidents by id (status: where it stands; ref: the agent).
    public static let incidents = "incidents"
    /// Escalations by id (status: open or resolved; ref: the agent).
    public static let escalations = "escalations"
    /// Sources by name: when they were last refreshed (freshness contracts).
    public static let sources = "sources"
    /// Concurrency slots by agent.
    public static let allocations = "allocations"
    /// Bandit arms by `<classification>|<playbook>`.
    public static let arms = "arms"

    /// The id of an arm row.
    public static func arm(_ classification: Classification, _ playbook: String) -> String { "\(classification.rawValue)|\(playbook)" }

    /// The ledger subject of an agent.
    public static func subject(agent: String) -> String { "agent:\(agent)" }
}

/// Why the remediation loop refused a request.
public enum HealingError: Error, Sendable, CustomStringConvertible {
    /// Fields are missing or wrong.
    case invalid([FieldProblem])
    /// No such thing for this tenant.
    case notFound(String)
    /// Not possible in the current state.
    case conflict(String)
    /// The store failed.
    case store(StoreError)

    public var description: String {
        switch self {
        case .invalid(let problems): problems.map { "\($0.field): \($0.reason)" }.joined(separator: "; ")
        case .notFound(let what): "\(what) not found"
        case .conflict(let why): why
        case .store(let error): error.description
        }
    }
}

/// One change of the loop's rows, committed at once: entries, rows with the versions they were
/// read at, and counters.
struct HealingChange {
    let tenant: String
    /// Entries in order; an entry's own actor, when it has one, stands in for the commit's.
    var entries: [(kind: String, subject: String, payload: JSONValue, actor: String?)] = []
    var rows: [(document: ProjectionDocument, expectedVersion: Int64?)] = []
    var tallies: [Tally] = []
    /// Rows this change read but does not write, each still at the version it was read at.
    var unchanged: [(collection: String, id: String, version: Int64)] = []
    /// Allocations written, to push to their agents once committed.
    var changedAllocations: [AllocationRow] = []
    /// Escalations raised that page a person once committed.
    var paging: [Escalation] = []
    /// Paged escalations closed by this change (a person's choice, the agent's recovery): the
    /// channel that heard of them hears they ended, once committed.
    var closedPages: [Escalation] = []
    /// Builtin steps run in this change, told to `Remediator.builtinSteps` once it commits.
    var builtins: [BuiltinStep] = []
    /// Actions withdrawn with this change (their rows, entries and counters), committed with it.
    var withdrawals: [StoreCommit] = []

    init(tenant: String) { self.tenant = tenant }

    mutating func log(_ kind: String, subject: String, _ payload: JSONValue) {
        entries.append((kind, subject, payload, nil))
    }

    /// Takes `other` into this change, its entries recorded as `actor`'s: one commit for both.
    mutating func absorb(_ other: HealingChange, actor: String) {
        entries += other.entries.map { ($0.kind, $0.subject, $0.payload, $0.actor ?? actor) }
        rows += other.rows
        tallies += other.tallies
        unchanged += other.unchanged
        changedAllocations += other.changedAllocations
        paging += other.paging
        closedPages += other.closedPages
        builtins += other.builtins
        withdrawals += other.withdrawals
    }

    /// Writes `value` as a row; with `expectedVersion`, only if the row is still at that version.
    mutating func put(_ collection: String, _ id: String, _ value: some Encodable, status: String? = nil, ref: String? = nil, expectedVersion: Int64?) throws(HealingError) {
        let body: JSONValue
        do { body = try JSONValueEncoder.encode(value) } catch {
            throw .store(StoreError(.invalid, operation: "encode \(collection)/\(id)", reason: "\(error)"))
        }
        rows.append((ProjectionDocument(tenant: tenant, collection: collection, id: id, status: status, ref: ref, body: body), expectedVersion))
    }

    func commit(actor: String, revision: String, now: Timestamp) throws(HealingError) -> StoreCommit {
        var commit = StoreCommit()
        do {
            for e in entries {
                commit.drafts.append(try LedgerDraft(
                    tenant: tenant, ts: now, kind: e.kind, subject: e.subject, actor: e.actor ?? actor, payload: e.payload, configRevision: revision))
            }
        } catch {
            throw .store(StoreError(.invalid, operation: "ledger entry", reason: "\(error)"))
        }
        for row in rows {
            commit.projections.append(.put(row.document))
            if let expected = row.expectedVersion {
                commit.preconditions.append(ProjectionPrecondition(
                    tenant: tenant, collection: row.document.collection, id: row.document.id, expectedVersion: expected))
            }
        }
        for row in unchanged {
            commit.preconditions.append(ProjectionPrecondition(tenant: tenant, collection: row.collection, id: row.id, expectedVersion: row.version))
        }
        commit.projections += tallies.map(ProjectionChange.tally)
        for withdrawal in withdrawals {
            commit.drafts += withdrawal.drafts
            commit.projections += withdrawal.projections
            commit.preconditions += withdrawal.preconditions
        }
        return commit
    }
}

/// Reads typed rows.
extension Store {
    func row<T: Decodable>(_ type: T.Type, tenant: String, _ collection: String, _ id: String) async throws(HealingError) -> (value: T, version: Int64)? {
        let doc: ProjectionDocument?
        do { doc = try await projection(tenant: tenant, collection: collection, id: id) } catch { throw .store(error) }
        guard let doc else { return nil }
        return (try decodeRow(type, doc), doc.version)
    }

    func rows<T: Decodable>(_ type: T.Type, _ query: ProjectionQuery) async throws(HealingError) -> [(value: T, version: Int64)] {
        let docs: [ProjectionDocument]
        do { docs = try await projections(query) } catch { throw .store(error) }
        var out: [(value: T, version: Int64)] = []
        for doc in docs { out.append((try decodeRow(type, doc), doc.version)) }
        return out
    }

    func decodeRow<T: Decodable>(_ type: T.Type, _ doc: ProjectionDocument) throws(HealingError) -> T {
        do { return try JSONValueDecoder.decode(T.self, from: doc.body) } catch {
            throw .store(StoreError(.corrupt, operation: "read \(doc.collection)/\(doc.id)", reason: "\(error)"))
        }
    }

    func apply(_ commit: StoreCommit) async throws(HealingError) -> Bool {
        do {
            _ = try await self.commit(commit)
            return true
        } catch where error.code == .conflict {
            return false
        } catch {
            throw .store(error)
        }
    }
}
