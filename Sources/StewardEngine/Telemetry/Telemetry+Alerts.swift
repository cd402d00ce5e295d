import StewardCore

/// The alerts a stored batch raises (seed 004 §2a.2): anomalies by their dominant deviation,
/// failure streaks, fingerprint mismatches and quota crossings.
extension Telemetry {
    /// A failure streak that reached a multiple of ``FailureStreak/alertAt``: a skill's failures
    /// in a row, or a provider's network and timeout failures in a row (`provider` set).
    struct StreakHit: Sendable {
        var skill: String
        var provider: String?
        var executionID: String
        var failures: Int
        var errorCategory: String?
        /// For a skill's streak: the provider (lower-cased) whose Network or Timeout failure
        /// completed it, the vendor outage that may explain it.
        var vendorCause: String?
    }

    /// A reported anomaly episode that ended: `executionID` was the execution that cleared its window.
    struct EndedEpisode: Sendable {
        var skill: String
        var metric: String
        var executionID: String
    }

    /// A success that ended an alerting streak: of a skill, or of a provider (`provider` set).
    struct Recovery: Sendable {
        var skill: String
        var provider: String?
        var executionID: String
    }

    /// A skill's recent executions that started or ended an aggregate shift.
    struct Shift: Sendable {
        var skill: String
        var executionID: String
        var change: RecentExecutions.Change
    }

    /// Tells the channel that causes of paged alerts ended (Alertmanager's "resolved"): a
    /// provider's outage, and a skill's failing success rate once nothing says it is failing any
    /// more (no alerting streak, no open success episode, no success-rate shift). Latency and cost
    /// rules are digest-only, so their ends have no page to take back.
    func resolveAlerts(_ recoveries: [Recovery], ended: [EndedEpisode], shifts: [Shift], tenant: String, now: Timestamp) async {
        guard let alerts else { return }
        var skills: [(skill: String, why: String)] = []
        for recovery in recoveries {
            guard let provider = recovery.provider else {
                skills.append((recovery.skill, "\(recovery.executionID) ended its run of failures"))
                continue
            }
            await alerts.resolve(Alert(
                rule: .vendorDegraded, tenant: tenant, provider: provider,
                summary: "provider \(provider) answers again: \(recovery.executionID) (skill \(recovery.skill)) succeeded", at: now))
        }
        for episode in ended where AlertRule.forAnomaly(dominant: episode.metric) == .successRate {
            skills.append((episode.skill, "none of the last \(settings.anomaly.window) executions was anomalous (last \(episode.executionID))"))
        }
        for shift in shifts where shift.change.shift == .successRate && !shift.change.started {
            skills.append((shift.skill, "\(Self.succeeded(shift.change)) (last \(shift.executionID))"))
        }
        var told: Set<String> = []
        for (skill, why) in skills where !told.contains(skill) {
            guard !(await streaks.isAlerting(tenant: tenant, skill: skill)), !(await windows.successFailing(tenant: tenant, skill: skill)) else { continue }
            told.insert(skill)
            await alerts.resolve(Alert(rule: .successRate, tenant: tenant, skill: skill, summary: "\(skill) succeeds again: \(why)", at: now))
        }
    }

    /// Builds the batch's alerts and hands them to ``Alerts``, if alerting is wired.
    /// `ran` is the batch in the order its executions ran: alerts about executions are raised in
    /// that order, so a later execution's alert is never the one folded into an earlier one's.
    func raiseAlerts(_ receipt: Receipt, streakHits: [StreakHit], shifts: [Shift], ran: [SkillExecution], tenant: String, now: Timestamp) async {
        guard let alerts else { return }
        var raised: [Alert] = []
        // A vendor outage explains the skills failing on it: their streaks are recorded, not paged
        // one by one beside the vendor's page (Alertmanager's inhibition). The vendor is degraded
        // when this batch or a recent one raised its alert.
        var degraded = Set(streakHits.compactMap(\.provider))
        for provider in Set(streakHits.compactMap(\.vendorCause)).subtracting(degraded).sorted()
        where await alerts.raisedRecently(.vendorDegraded, tenant: tenant, provider: provider, at: now) {
            degraded.insert(provider)
        }
        for hit in streakHits {
            if let provider = hit.provider {
                raised.append(Alert(
                    rule: .vendorDegraded, tenant: tenant, provider: provider,
                    summary: "\(hit.failures) executions in a row on \(provider) failed with Network or Timeout errors (last \(hit.executionID), skill \(hit.skill)); check the vendor's status",
                    details: ["failures": .int(Int64(hit.failures)), "executionId": .string(hit.executionID), "skill": .string(hit.skill)], at: now))
                continue
            }
            let cause = hit.vendorCause.flatMap { degraded.contains($0) ? $0 : nil }
            raised.append(Alert(
                rule: .successRate, tenant: tenant, skill: hit.skill,
                summary: "\(hit.failures) consecutive failed executions" + (hit.errorCategory.map { ", the last a \($0) error" } ?? "")
                    + " (last \(hit.executionID)); "
                    + (cause.map { "provider \($0) is degraded (vendor-degraded), which explains it: not paged on its own" }
                        ?? "check the skill and its provider"),
                details: ["failures": .int(Int64(hit.failures)), "executionId": .string(hit.executionID)], at: now,
                inhibitedBy: cause.map { Alert.groupKey(tenant: tenant, rule: .vendorDegraded, provider: $0) }))
        }
        for shift in shifts where shift.change.started {
            raised.append(Self.alert(for: shift, tenant: tenant, at: now))
        }
        for anomaly in receipt.anomalies {
            guard let rule = AlertRule.raised(by: anomaly.score, metric: anomaly.metric, peak: anomaly.peakOverBaseline) else { continue }
            let deviation = anomaly.score.deviation(anomaly.metric) ?? anomaly.score.score
            let led = anomaly.metric == anomaly.score.dominant ? "" : "; the largest deviation is \(anomaly.score.dominant), \(PlainNumber.format(anomaly.score.score, places: 2))"
            raised.append(Alert(
                rule: rule, tenant: tenant, skill: anomaly.skill,
                summary: "\(anomaly.metric) anomaly, \(PlainNumber.format(deviation, places: 2)) standard deviations off the baseline, in \(anomaly.anomalousOfWindow) of the last \(anomaly.window) executions (last \(anomaly.executionID))" + led,
                details: anomaly.json, at: now))
        }
        for mismatch in receipt.fingerprintMismatches {
            let effect = settings.fingerprintMismatch == .requireApproval
                ? "its actions now need a person's approval until an operator re-registers the fingerprint or clears the hold"
                : "review the deployed code"
            raised.append(Alert(
                rule: .fingerprintMismatch, tenant: tenant, skill: mismatch.skill,
                summary: "\(mismatch.count) execution\(mismatch.count == 1 ? "" : "s") reported fingerprint \(mismatch.observed[0].prefix(12))…, not the registered \(mismatch.registered.prefix(12))…; \(effect)",
                details: mismatch.json, at: now))
        }
        // One batch that takes a provider past several levels at once is one page: the lesser
        // crossings are recorded, inhibited by the greatest (QA r7 alerts L6).
        let levels = ["quota.warning", "quota.critical", "quota.exhausted"]
        var greatest: [String: String] = [:]
        for crossing in receipt.quotaCrossings {
            let current = greatest[crossing.status.provider].flatMap { levels.firstIndex(of: $0) } ?? -1
            if (levels.firstIndex(of: crossing.kind) ?? -1) > current { greatest[crossing.status.provider] = crossing.kind }
        }
        for crossing in receipt.quotaCrossings {
            guard let rule = AlertRule.forQuota(kind: crossing.kind) else { continue }
            let s = crossing.status
            var summary = "\(s.usedToday) of \(s.dailyLimit) \(s.unit.rawValue) used today (\(Percent.text(s.pctUsed))%), resets \(s.resetsAt.rfc3339)"
            if rule.pausesSkill { summary += "; the skills using it are held until then" }
            let over = greatest[s.provider].flatMap { $0 == crossing.kind ? nil : AlertRule.forQuota(kind: $0) }
            if let over { summary += "; it also passed \(over.event), which is the page" }
            raised.append(Alert(
                rule: rule, tenant: tenant, provider: s.provider, summary: summary, details: (try? JSONValueEncoder.encode(s)) ?? .null, at: now,
                inhibitedBy: over.map { Alert.groupKey(tenant: tenant, rule: $0, provider: s.provider) }))
        }
        guard !raised.isEmpty else { return }
        // Alerts about executions in the order those ran (QA r7 alerts L4); the rest after them, as built.
        var position: [String: Int] = [:]
        for (index, record) in ran.enumerated() { position[record.executionID] = index }
        let ordered = raised.enumerated().sorted { a, b in
            let pa = a.element.details["executionId"]?.stringValue.flatMap { position[$0] } ?? Int.max
            let pb = b.element.details["executionId"]?.stringValue.flatMap { position[$0] } ?? Int.max
            return (pa, a.offset) < (pb, b.offset)
        }
        await alerts.raise(ordered.map(\.element))
    }
}

extension Telemetry {
    /// "17 of the last 20 executions succeeded (85%)".
    static func succeeded(_ change: RecentExecutions.Change) -> String {
        let size = RecentExecutions.size
        return "\(Int((change.figure * Double(size)).rounded())) of the last \(size) executions succeeded (\(Percent.text(change.figure * 100))%)"
    }

    /// What a success rate was judged against: the baseline's rate, or without one the floor
    /// it must fall to (QA r7 alerts L3: "against 95% expected" named no real expectation).
    static func expected(_ change: RecentExecutions.Change) -> String {
        guard change.withoutBaseline else { return "against \(Percent.text(change.reference * 100))% expected" }
        let floor = (change.reference - RecentExecutions.successDrop) * 100
        return "with no baseline yet (it alerts at \(Percent.text(floor))% or under)"
    }

    /// The alert a started shift raises: the table's row it is, with the window's figure.
    static func alert(for shift: Shift, tenant: String, at now: Timestamp) -> Alert {
        let c = shift.change
        let window = "the last \(RecentExecutions.size) executions (last \(shift.executionID))"
        let (rule, summary): (AlertRule, String) = switch c.shift {
        case .successRate:
            (.successRate, "\(succeeded(c)), \(expected(c)) (last \(shift.executionID)); check the skill and its provider")
        case .latencyP95:
            (.latency, "p95 latency of \(window) is \(PlainNumber.format(c.figure, places: 0)) ms, \(PlainNumber.format(c.figure / c.reference, places: 2)) times the baseline's \(PlainNumber.format(c.reference, places: 0)) ms")
        case .meanCost:
            (.cost, "mean cost of \(window) is \(PlainNumber.format(c.figure, places: 6)) USD, \(PlainNumber.format(c.figure / c.reference, places: 2)) times the baseline's \(PlainNumber.format(c.reference, places: 6)) USD")
        }
        return Alert(
            rule: rule, tenant: tenant, skill: shift.skill, summary: summary,
            details: ["figure": .double(c.figure), "baseline": .double(c.reference), "window": .int(Int64(RecentExecutions.size)),
                      "executionId": .string(shift.executionID)],
            at: now)
    }
}

/// The failure streaks of every skill and provider, in memory: a restart starts each afresh.
actor FailureStreaks {
    /// A tenant's streaks, by skill name and by lower-cased provider.
    private struct TenantStreaks {
        var skills: [String: FailureStreak] = [:]
        var providers: [String: FailureStreak] = [:]
    }

    private var tenants: [String: TenantStreaks] = [:]

    /// Counts a batch's executions in order; the streaks that reached an alerting length, and the
    /// successes that ended one that had. A provider's streak counts only Network and Timeout
    /// failures; anything else ends it (a success also ends its alert).
    func observe(tenant: String, _ records: [SkillExecution]) -> (hits: [Telemetry.StreakHit], recoveries: [Telemetry.Recovery]) {
        var hits: [Telemetry.StreakHit] = []
        var recoveries: [Telemetry.Recovery] = []
        // Taken out for the batch, so the counts below change it in place.
        var mine = tenants.removeValue(forKey: tenant) ?? TenantStreaks()
        defer { tenants[tenant] = mine }
        for record in records {
            let category = record.errorCategory?.rawValue
            let provider = record.provider?.lowercased()
            let vendorFailure = !record.succeeded && (record.errorCategory == .Network || record.errorCategory == .Timeout)
            if record.succeeded, (mine.skills[record.skillName]?.count ?? 0) >= FailureStreak.alertAt {
                recoveries.append(.init(skill: record.skillName, executionID: record.executionID))
            }
            if record.succeeded, let provider, (mine.providers[provider]?.count ?? 0) >= FailureStreak.alertAt {
                recoveries.append(.init(skill: record.skillName, provider: provider, executionID: record.executionID))
            }
            if let failures = Self.count(&mine.skills, record.skillName, succeeded: record.succeeded) {
                hits.append(.init(
                    skill: record.skillName, executionID: record.executionID, failures: failures, errorCategory: category,
                    vendorCause: vendorFailure ? provider : nil))
            }
            guard let provider else { continue }
            if let failures = Self.count(&mine.providers, provider, succeeded: !vendorFailure) {
                hits.append(.init(
                    skill: record.skillName, provider: provider, executionID: record.executionID, failures: failures, errorCategory: category))
            }
        }
        return (hits, recoveries)
    }

    /// Whether `skill`'s current run of failures is long enough to have alerted.
    func isAlerting(tenant: String, skill: String) -> Bool {
        (tenants[tenant]?.skills[skill]?.count ?? 0) >= FailureStreak.alertAt
    }

    /// Counts one execution into `key`'s streak; its length when it reached an alerting length.
    private static func count(_ streaks: inout [String: FailureStreak], _ key: String, succeeded: Bool) -> Int? {
        streaks[key, default: FailureStreak()].observe(succeeded: succeeded) ? streaks[key]?.count : nil
    }
}
