public import StewardCore

/// A drill operators ran: the kill switch engaged and released, or a chaos experiment.
public struct Drill: Sendable, Hashable, Codable {
    /// `kill_switch` or `chaos`.
    public var kind: String
    /// Whether it went as planned.
    public var passed: Bool
    /// Who recorded it.
    public var by: String
    /// When.
    public var at: Timestamp
    /// A link to its record.
    public var evidence: String?
    /// For a passed kill-switch drill: when the ledger shows the switch engaged, and released.
    public var engagedAt: Timestamp?
    /// See `engagedAt`.
    public var releasedAt: Timestamp?

    /// The kinds of drill readiness asks for.
    public static let kinds = ["kill_switch", "chaos"]

    /// How far back a passed kill-switch drill's engage and release may be: a day, long enough
    /// for a drill run in the morning and written up in the afternoon.
    public static let killSwitchWindowSeconds = 86_400.0
}

extension Governance {
    /// The checklist items a person attests (the others are computed from the ledger).
    public static var attestable: [ReadinessCriterion] {
        ReadinessChecklist.all.flatMap(\.criteria).filter { $0.decidedBy == .attestation || $0.key == "technical.eval_coverage" }
    }

    /// Records a person's attestation of checklist item `key`, valid for the configured days.
    public func attest(tenant: String, key: String, evidence: String, note: String?, by: String, actor: String) async throws(SpineError) -> Attestation {
        var problems: [FieldProblem] = []
        let known = Self.attestable.map(\.key)
        if !known.contains(key) {
            let computed = ReadinessChecklist.all.flatMap(\.criteria).contains { $0.key == key }
            problems.append(.init(field: "item", reason: computed
                ? "'\(key)' is computed from the ledger, not attested"
                : "unknown checklist item '\(key)'; attestable items: \(known.joined(separator: ", "))"))
        }
        if !(evidence.hasPrefix("https://") || evidence.hasPrefix("http://")) || evidence.count > 2000 {
            problems.append(.init(field: "evidence", reason: "must be an http(s) link of at most 2000 characters"))
        }
        if let note, note.count > 2000 { problems.append(.init(field: "note", reason: "must be at most 2000 characters")) }
        // Leadership's approval is the one item that is a decision rather than a fact: it takes
        // someone who may approve expansions (seed 002's approval authority), not any operator.
        if key == Self.leadershipItem, settings.roles(of: by, tenant: tenant).isEmpty {
            let roles = settings.approvers.keys.sorted()
            problems.append(.init(field: "item", reason: roles.isEmpty
                ? "'\(key)' is attested by a key named in governance.approvers, and none is configured"
                : "'\(key)' is attested by a key named in governance.approvers (\(roles.joined(separator: ", "))); '\(by)' holds no role"))
        }
        guard problems.isEmpty else { throw .invalid(problems) }
        let now = clock.now()
        let attestation = Attestation(
            key: key, by: by, at: now, evidence: evidence, note: note, expiresAt: now.adding(seconds: Double(settings.attestationDays) * 86_400))
        let body = try encode(attestation)
        try await commit(StoreCommit(
            drafts: [try draft(tenant, "governance.attested", subject: "readiness:\(key)", actor: actor, body, now: now)],
            projections: [.put(ProjectionDocument(tenant: tenant, collection: Self.attestations, id: key, body: body))]), what: "the attestation")
        return attestation
    }

    /// The checklist item only an approver may attest.
    public static let leadershipItem = "organizational.leadership_approval"

    /// What is wrong with a drill's fields, every one at once, so the HTTP layer can name them
    /// beside the fields' own shape problems in one 422.
    public static func drillProblems(kind: String?, evidence: String?) -> [FieldProblem] {
        var problems: [FieldProblem] = []
        if let kind, !Drill.kinds.contains(kind) {
            problems.append(.init(field: "kind", reason: "must be one of \(Drill.kinds.joined(separator: ", "))"))
        }
        if let evidence, !(evidence.hasPrefix("https://") || evidence.hasPrefix("http://")) || evidence.count > 2000 {
            problems.append(.init(field: "evidence", reason: "must be an http(s) link of at most 2000 characters"))
        }
        return problems
    }

    /// Records a drill. A passed kill-switch drill must show in the ledger: the switch engaged
    /// and then released within the day before, or "Kill switch tested" would be one operator's word.
    public func recordDrill(tenant: String, kind: String, passed: Bool, evidence: String?, by: String, actor: String) async throws(SpineError) -> Drill {
        let problems = Self.drillProblems(kind: kind, evidence: evidence)
        guard problems.isEmpty else { throw .invalid(problems) }
        let now = clock.now()
        var drill = Drill(kind: kind, passed: passed, by: by, at: now, evidence: evidence)
        if kind == "kill_switch" && passed {
            guard case let (engaged, released)? = try await killSwitchCycle(tenant: tenant, since: now.adding(seconds: -Drill.killSwitchWindowSeconds)) else {
                throw .invalid([.init(field: "passed", reason: "a passed kill_switch drill needs the kill switch engaged and then released in the 24 hours before it is recorded (kill_switch.engaged and kill_switch.released in the ledger); there are none")])
            }
            drill.engagedAt = engaged
            drill.releasedAt = released
        }
        let body = try encode(drill)
        try await commit(StoreCommit(
            drafts: [try draft(tenant, "governance.drill_recorded", subject: "drill:\(kind)", actor: actor, body, now: now)],
            projections: [.put(ProjectionDocument(tenant: tenant, collection: Self.drills, id: kind, body: body))]), what: "the drill")
        return drill
    }

    /// The latest engage of the kill switch since `since` that a release followed, with that release.
    private func killSwitchCycle(tenant: String, since: Timestamp) async throws(SpineError) -> (Timestamp, Timestamp)? {
        var engaged: Timestamp?, cycle: (Timestamp, Timestamp)?
        try await scan(tenant: tenant, kinds: ["kill_switch.engaged", "kill_switch.released"], from: since, to: nil) { row, _ in
            if row.kind == "kill_switch.engaged" {
                engaged = row.ts
            } else if let start = engaged {
                cycle = (start, row.ts)
                engaged = nil
            }
        }
        return cycle
    }

    /// The tenant's attestations (expired ones included; the report says which).
    public func attestations(tenant: String) async throws(SpineError) -> [Attestation] {
        try await rows(Attestation.self, tenant: tenant, Self.attestations).map(\.0).sorted { $0.key < $1.key }
    }

    /// Seed 002's readiness report now: metrics of the last 90 days, the drills, the breakers and
    /// the attestations.
    public func readiness(tenant: String) async throws(SpineError) -> (report: ReadinessReport, metrics: AutonomyMetrics) {
        let now = clock.now()
        let metrics = try await self.metrics(tenant: tenant, from: now.adding(seconds: -90 * 86_400), to: now.adding(milliseconds: 1))
        let drills = Dictionary(try await rows(Drill.self, tenant: tenant, Self.drills).map { ($0.0.kind, $0.0) }, uniquingKeysWith: { a, _ in a })
        let statuses = try await breakers.list(tenant: tenant)
        let enabled = statuses.filter { $0.actionType == nil && $0.state != .disabled && !$0.alertsOnly }.count
        let first = try await firstAction(tenant: tenant)
        let revertTrips = metrics.safety.safetyGateTriggers > 0 ? try await revertTripCount(tenant: tenant, since: metrics.period.start) : 0
        var facts = ReadinessFacts(
            metrics: metrics, firstActionAt: first, breakersConfigured: breakers.rules.rules.count, breakersEnabled: enabled,
            // Monitoring counts as operational when breaker alerts reach people: a webhook is set.
            monitoringOperational: configuration.notifications.webhookURL != nil,
            // A drill recorded before the ledger was checked (no engage and release on it) does not count.
            lastKillSwitchDrill: drills["kill_switch"].flatMap { $0.passed && $0.releasedAt != nil ? $0.at : nil },
            chaosDrillsPassing: drills["chaos"]?.passed, lastChaosDrill: drills["chaos"]?.at, revertTrips: revertTrips,
            validationEndsAt: try await validating(tenant: tenant, at: now)?.1)
        let (level, _) = try await self.level(tenant: tenant)
        // The phase starts at the last level change a person decided; breakers' holds do not restart it.
        var since = first ?? now
        var initial: AutonomyLevel?
        var changes: [LevelTimeline.Change] = []
        try await scan(tenant: tenant, kinds: ["autonomy.level_changed", "autonomy.mode_changed"], from: nil, to: nil) { row, entry in
            if entry.kind == "autonomy.level_changed", entry.payload["by"]?.stringValue != "breaker" { since = row.ts }
            guard let found = LevelTimeline.change(kind: entry.kind, payload: entry.payload, at: row.ts) else { return }
            if changes.isEmpty { initial = found.from }
            changes.append(found.change)
        }
        // Seed 002's "6+ months running at L3": the time actually spent at L3 or L3+, not the tenant's age.
        if let first {
            let timeline = LevelTimeline(initial: initial ?? changes.last?.to ?? level, changes: changes)
            facts.daysAtL3 = Int(timeline.milliseconds(at: [.l3, .l3Plus], from: first, to: now) / 86_400_000)
        }
        let report = ReadinessAssessor.assess(
            facts: facts, attestations: try await attestations(tenant: tenant), now: now, phase: level, phaseStartedAt: since)
        return (report, metrics)
    }

    private func firstAction(tenant: String) async throws(SpineError) -> Timestamp? {
        do {
            return try await store.ledger(tenant: tenant, query: LedgerQuery(kinds: ["action.proposed"], limit: 1)).rows.first?.ts
        } catch {
            throw .store(error)
        }
    }

    private func revertTripCount(tenant: String, since: Timestamp) async throws(SpineError) -> Int {
        var count = 0
        try await scan(tenant: tenant, kinds: ["breaker.tripped"], from: since, to: nil) { _, entry in
            if entry.payload["effect"]?.stringValue == BreakerAction.revertToL3.rawValue, entry.payload["alertsOnly"] != .bool(true) { count += 1 }
        }
        return count
    }
}
