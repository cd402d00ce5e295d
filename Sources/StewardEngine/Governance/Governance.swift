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
        "action.proposed", "action.redecided", "action.approved", "action.rejected", "action.expired", "action.executed", "action.outcome",
        "action.rolled_back", "incident.opened", "kill_switch.engaged", "breaker.tripped",
    ]

    /// Seed 002's autonomy metrics for [from, to). Whole hours are read from their counters
    /// (`GovernanceHours`), the partial hours at the edges from their entries; incidents, kill
    /// switches and trips are few, so they are always read from the ledger, with the autonomous
    /// executions in the attribution window before each incident.
    ///
    /// - Parameter untilNow: `to` is the request's own now ("until now"): the current hour's
    ///   counters stand for its entries, as when `to` is past now.
    public func metrics(tenant: String, from: Timestamp, to: Timestamp, untilNow: Bool = false) async throws(SpineError) -> AutonomyMetrics {
        guard from < to else { throw .invalid([.init(field: "from", reason: "must be before to")]) }
        let window = Double(settings.attributionMinutes * 60)
        var tally = MetricsTally(period: .init(start: from, end: to), attributionWindowMinutes: settings.attributionMinutes)
        // Nothing is written after now, so when the period reaches now the current hour's
        // counters hold its part of the period: read them instead of its entries.
        let reachesNow = untilNow || to > clock.now()
        let h0 = GovernanceHours.ceil(from), h1 = reachesNow ? GovernanceHours.ceil(to) : GovernanceHours.floor(to)
        // Before the period, only the executions an incident early in it is attributed to.
        if try await incidentOpens(tenant: tenant, from: from, to: min(to, from.adding(seconds: window))) {
            try await scan(tenant: tenant, kinds: Self.executionKinds, from: from.adding(seconds: -window), to: from) { _, entry in
                tally.note(execution: entry.payload, at: entry.ts)
            }
        }
        guard h0 < h1 else {
            try await scan(tenant: tenant, kinds: Self.metricKinds, from: from, to: to) { row, entry in
                tally.add(kind: row.kind, ts: row.ts, subject: row.subject, payload: entry.payload)
            }
            return tally.metrics()
        }
        // The partial hour before the whole ones.
        try await scan(tenant: tenant, kinds: Self.metricKinds, from: from, to: h0) { row, entry in
            tally.add(kind: row.kind, ts: row.ts, subject: row.subject, payload: entry.payload)
        }
        // The whole hours: the rare entries one by one, with the executions attribution needs.
        var rare: [(StoredLedgerRow, LedgerEntry)] = []
        try await scan(tenant: tenant, kinds: Self.rareKinds, from: h0, to: h1) { row, entry in rare.append((row, entry)) }
        var windows = rare.filter { $0.0.kind == "incident.opened" }.map { ($0.0.ts.adding(seconds: -window), $0.0.ts.adding(milliseconds: 1)) }
        if !reachesNow { windows.append((h1.adding(seconds: -window), h1)) }
        var executions: [(StoredLedgerRow, LedgerEntry)] = []
        for (start, end) in Self.merged(windows) {
            try await scan(tenant: tenant, kinds: Self.executionKinds, from: max(start, h0), to: min(end, h1)) { row, entry in
                executions.append((row, entry))
            }
        }
        for (row, entry) in (rare + executions).sorted(by: { $0.0.seq < $1.0.seq }) {
            if row.kind == "action.executed" || row.kind == "action.outcome" {
                tally.note(execution: entry.payload, at: row.ts)
            } else {
                tally.add(kind: row.kind, ts: row.ts, subject: row.subject, payload: entry.payload)
            }
        }
        try await forEachHour(tenant: tenant, from: h0, to: h1) { tally.add(hour: $0) }
        // The partial hour after them, unless the current hour's counters covered it.
        if !reachesNow {
            try await scan(tenant: tenant, kinds: Self.metricKinds, from: h1, to: to) { row, entry in
                tally.add(kind: row.kind, ts: row.ts, subject: row.subject, payload: entry.payload)
            }
        }
        return tally.metrics()
    }

    static let executionKinds = ["action.executed", "action.outcome"]

    /// Whether an incident opened in [from, to).
    func incidentOpens(tenant: String, from: Timestamp, to: Timestamp) async throws(SpineError) -> Bool {
        do {
            return try await !store.ledger(tenant: tenant, query: LedgerQuery(kinds: ["incident.opened"], from: from, to: to, limit: 1)).rows.isEmpty
        } catch {
            throw .store(error)
        }
    }

    static let rareKinds = ["incident.opened", "kill_switch.engaged", "breaker.tripped"]

    /// Overlapping [start, end) windows joined, in order.
    static func merged(_ windows: [(Timestamp, Timestamp)]) -> [(Timestamp, Timestamp)] {
        var out: [(Timestamp, Timestamp)] = []
        for w in windows.sorted(by: { $0.0 < $1.0 }) {
            if let last = out.last, w.0 <= last.1 {
                out[out.count - 1].1 = max(last.1, w.1)
            } else {
                out.append(w)
            }
        }
        return out
    }

    /// Calls `body` with the counters of each hour in [from, to) that has any.
    func forEachHour(tenant: String, from: Timestamp, to: Timestamp, _ body: (JSONValue) -> Void) async throws(SpineError) {
        let last = GovernanceHours.id(to.adding(milliseconds: -1))
        // Ids sort as times: page from just before `from`'s hour.
        var after: String? = GovernanceHours.id(from.adding(milliseconds: -1))
        do {
            while true {
                let rows = try await store.projections(ProjectionQuery(tenant: tenant, collection: GovernanceHours.collection, afterID: after, limit: 1000))
                for row in rows where row.id <= last { body(row.body) }
                guard rows.count == 1000, let id = rows.last?.id, id < last else { return }
                after = id
            }
        } catch {
            throw .store(error)
        }
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
        try await store.tenantAutonomy(tenant, defaults: configuration.autonomy)
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
        try await recorder.commit(commit, what: what)
    }

    func draft(_ tenant: String, _ kind: String, subject: String, actor: String, _ payload: JSONValue, now: Timestamp) throws(SpineError) -> LedgerDraft {
        try recorder.draft(tenant, kind, subject: subject, actor: actor, payload, now: now)
    }

    func encode<T: Encodable>(_ value: T) throws(SpineError) -> JSONValue {
        try recorder.encode(value, what: "a value")
    }

    var recorder: ChangeRecorder { ChangeRecorder(store: store, revision: revision) }
}
