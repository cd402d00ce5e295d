public import Logging
public import StewardCore

/// Governance over the ledger: autonomy metrics for any period, readiness from data and
/// attestations, the weekly cycle with its report, and scope-expansion proposals.
public struct Governance: Sendable {
    let store: any Store
    /// The breakers.
    public let breakers: BreakerKeeper
    let configuration: StewardConfiguration
    let clock: any WallClock
    let revision: String
    let logger: Logger
    let newID: @Sendable (String) -> String

    static let attestations = "attestations"
    static let drills = "drills"
    static let reports = "governance_reports"
    static let proposals = "proposals"

    var settings: GovernanceSettings { configuration.governance }

    /// Governance over `store` with `breakers`.
    public init(
        store: any Store, breakers: BreakerKeeper, configuration: StewardConfiguration, clock: any WallClock, revision: String, logger: Logger,
        newID: @escaping @Sendable (String) -> String = Remediator.randomID
    ) {
        self.store = store
        self.breakers = breakers
        self.configuration = configuration
        self.clock = clock
        self.revision = revision
        self.logger = logger
        self.newID = newID
    }

    static let metricKinds = [
        "action.proposed", "action.redecided", "action.approved", "action.rejected", "action.executed", "action.outcome",
        "action.rolled_back", "incident.opened", "kill_switch.engaged", "breaker.tripped",
    ]

    /// Seed 002's autonomy metrics for [from, to), read from the ledger. Entries from the
    /// attribution window before `from` are read too, so incidents early in the period can be
    /// attributed to executions just before it.
    public func metrics(tenant: String, from: Timestamp, to: Timestamp) async throws(SpineError) -> AutonomyMetrics {
        guard from < to else { throw .invalid([.init(field: "from", reason: "must be before to")]) }
        var tally = MetricsTally(period: .init(start: from, end: to), attributionWindowMinutes: settings.attributionMinutes)
        try await scan(tenant: tenant, kinds: Self.metricKinds, from: from.adding(seconds: -Double(settings.attributionMinutes * 60)), to: to) { row, entry in
            tally.add(kind: row.kind, ts: row.ts, subject: row.subject, payload: entry.payload)
        }
        return tally.metrics()
    }

    /// Calls `body` with each entry of `kinds` from `from` to `to`, in ledger order.
    func scan(
        tenant: String, kinds: [String], from: Timestamp?, to: Timestamp?, _ body: (StoredLedgerRow, LedgerEntry) throws -> Void
    ) async throws(SpineError) {
        var after: Int64 = 0
        do {
            while true {
                let page = try await store.ledger(tenant: tenant, query: LedgerQuery(afterSeq: after, kinds: kinds, from: from, to: to, limit: 5000))
                for row in page.rows { try body(row, try row.entry()) }
                guard let next = page.nextCursor else { break }
                after = next
            }
        } catch let error as StoreError {
            throw .store(error)
        } catch {
            throw .store(StoreError(.corrupt, operation: "read the ledger for governance", reason: "\(error)"))
        }
    }

    /// The most recent entry of `kinds`, if any.
    func latest(tenant: String, kinds: [String]) async throws(SpineError) -> StoredLedgerRow? {
        var last: StoredLedgerRow?
        try await scan(tenant: tenant, kinds: kinds, from: nil, to: nil) { row, _ in last = row }
        return last
    }

    /// The level in force now: L3 while a revert_to_l3 breaker holds, else the tenant's.
    public func level(tenant: String) async throws(SpineError) -> (level: AutonomyLevel, heldByBreaker: Bool) {
        let autonomy = try await tenantAutonomy(tenant)
        let held = try await breakers.list(tenant: tenant).contains(where: \.holdsTenantAtL3)
        return (held ? .l3 : autonomy.effectiveLevel, held)
    }

    func tenantAutonomy(_ tenant: String) async throws(SpineError) -> TenantAutonomy {
        do {
            if let row = try await store.projection(tenant: tenant, collection: SpineRows.autonomy, id: SpineRows.tenantAutonomy) {
                return try JSONValueDecoder.decode(TenantAutonomy.self, from: row.body)
            }
        } catch let error as StoreError {
            throw .store(error)
        } catch {
            throw .store(StoreError(.corrupt, operation: "read the tenant's autonomy", reason: "\(error)"))
        }
        let a = configuration.autonomy
        return TenantAutonomy(mode: a.mode, autopilotScope: a.autopilotScope, accountDailyActions: a.accountDailyActions)
    }

    /// Reads rows of `collection` decoded as `T`.
    func rows<T: Decodable>(_ type: T.Type, tenant: String, _ collection: String, status: String? = nil) async throws(SpineError) -> [(T, ProjectionDocument)] {
        do {
            return try await store.projections(ProjectionQuery(tenant: tenant, collection: collection, status: status, limit: 1000))
                .compactMap { doc in (try? JSONValueDecoder.decode(T.self, from: doc.body)).map { ($0, doc) } }
        } catch {
            throw .store(error)
        }
    }

    /// Commits `drafts` and `projections` with `preconditions`; a conflict is reported as one.
    func commit(_ commit: StoreCommit, what: String) async throws(SpineError) {
        do {
            _ = try await store.commit(commit)
        } catch where error.code == .conflict {
            throw .conflict("\(what) changed meanwhile; try again")
        } catch {
            throw .store(error)
        }
    }

    func draft(_ tenant: String, _ kind: String, subject: String, actor: String, _ payload: JSONValue, now: Timestamp) throws(SpineError) -> LedgerDraft {
        do {
            return try LedgerDraft(tenant: tenant, ts: now, kind: kind, subject: subject, actor: actor, payload: payload, configRevision: revision)
        } catch {
            throw .invalid([.init(field: "body", reason: "cannot be recorded: \(error)")])
        }
    }

    func encode<T: Encodable>(_ value: T) throws(SpineError) -> JSONValue {
        do {
            return try JSONValueEncoder.encode(value)
        } catch {
            throw .store(StoreError(.invalid, operation: "encode", reason: "\(error)"))
        }
    }
}
