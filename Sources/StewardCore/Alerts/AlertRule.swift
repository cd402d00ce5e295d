/// One row of the alert table: the event, its severity, what triggers it and where it goes.
public struct AlertRule: Sendable, Hashable, Codable {
    /// Its id, as silences and the digest name it (`fingerprint-mismatch`).
    public var id: String
    /// The event, as the seed's table names it.
    public var event: String
    /// How urgent.
    public var severity: Severity
    /// What raises it, in a sentence.
    public var trigger: String
    /// Paged in real time, or in the daily digest only.
    public var delivery: Delivery
    /// Whether it also pauses the skills concerned (a skill hold).
    public var pausesSkill: Bool

    /// How urgent an alert is (seed 004 §2a.2: critical or warning).
    public enum Severity: String, Sendable, Hashable, Codable, CaseIterable {
        case critical, warning
    }

    /// Where an alert goes: paged to the webhook at once, or kept for the daily digest.
    public enum Delivery: String, Sendable, Hashable, Codable, CaseIterable {
        case page, digest
    }

    /// A rule.
    public init(id: String, event: String, severity: Severity, trigger: String, delivery: Delivery, pausesSkill: Bool = false) {
        self.id = id
        self.event = event
        self.severity = severity
        self.trigger = trigger
        self.delivery = delivery
        self.pausesSkill = pausesSkill
    }
}

extension AlertRule {
    /// Five failed executions of a skill in a row, an anomaly in the success rate, or a drop over
    /// its last 20 executions.
    public static let successRate = AlertRule(
        id: "success-rate", event: "Success rate drops <95%", severity: .critical,
        trigger: "5 consecutive failed executions of a skill (and every 5 more), an anomaly in its success rate, "
            + "or fewer than 95% of its last 20 executions succeeded and at least 10 points under its baseline's rate (85% without a baseline)",
        delivery: .page)
    /// A provider's free-tier quota passed 80% today.
    public static let quotaWarning = AlertRule(
        id: "quota-warning", event: "Free tier quota >80%", severity: .warning, trigger: "a provider's quota use today passed 80%", delivery: .digest)
    /// A provider's free-tier quota passed 95% today.
    public static let quotaCritical = AlertRule(
        id: "quota-critical", event: "Free tier quota >95%", severity: .critical, trigger: "a provider's quota use today passed 95%", delivery: .page)
    /// The p95 of the last 20 executions, or an anomaly episode's worst, over twice the baseline's p95.
    public static let latency = AlertRule(
        id: "latency", event: "Latency p95 >2x baseline", severity: .warning,
        trigger: "the p95 of the skill's last 20 executions is over twice the baseline's p95, "
            + "or an anomaly episode in latency whose worst execution took more than twice the baseline's p95", delivery: .digest)
    /// The mean cost of the last 20 executions, or an anomaly episode's worst, over twice the baseline's mean.
    public static let cost = AlertRule(
        id: "cost", event: "Cost spike >2x baseline", severity: .warning,
        trigger: "the mean cost of the skill's last 20 executions (at least 10 priced) is over twice the baseline's mean, "
            + "or an anomaly episode in cost whose worst execution cost more than twice it", delivery: .digest)
    /// An anomaly in the rate of quota use per token (Steward's addition to the table).
    public static let quotaRate = AlertRule(
        id: "quota-rate", event: "Quota use per token anomalous", severity: .warning, trigger: "an anomaly in the quota rate",
        delivery: .digest)
    /// An execution reported code other than the registered fingerprint.
    public static let fingerprintMismatch = AlertRule(
        id: "fingerprint-mismatch", event: "Fingerprint mismatch", severity: .critical,
        trigger: "an execution reported a skill_fingerprint other than the registered one", delivery: .page)
    /// A provider's executions keep failing with network or timeout errors.
    public static let vendorDegraded = AlertRule(
        id: "vendor-degraded", event: "Vendor API degraded", severity: .warning,
        trigger: "5 consecutive executions on a provider failed with a Network or Timeout error", delivery: .page)
    /// A provider's free-tier quota is used up today.
    public static let quotaExhausted = AlertRule(
        id: "quota-exhausted", event: "Quota exhausted TODAY", severity: .critical,
        trigger: "a provider's quota use today reached its limit", delivery: .page, pausesSkill: true)

    /// A tenant's hash chain failed the serving replica's periodic audit (Steward's addition).
    public static let ledgerDamaged = AlertRule(
        id: "ledger-damaged", event: "Ledger chain broken", severity: .critical,
        trigger: "the periodic audit of a tenant's ledger found an entry that no longer matches its hash or its place in the chain",
        delivery: .page)

    /// The shipped table: the seed's rows in its order, then Steward's ledger audit.
    public static let defaults: [AlertRule] = [
        successRate, quotaWarning, quotaCritical, latency, cost, quotaRate, fingerprintMismatch, vendorDegraded, quotaExhausted, ledgerDamaged,
    ]

    /// How many times the baseline an anomaly in latency or cost must pass to raise its alert.
    public static let spikeFactor = 2.0

    /// The rule an anomaly in `metric` (by default its dominant one) raises, or nil for one in
    /// latency or cost under ``spikeFactor`` times the baseline: it stays an anomaly on record,
    /// but the table's rows say "2x". `peak` is the episode's worst execution over the baseline,
    /// when known (the execution that completed the pattern need not be the worst).
    public static func raised(by score: AnomalyScore, metric: String? = nil, peak: Double? = nil) -> AlertRule? {
        switch metric ?? score.dominant {
        case "latency": max(score.latencyOverP95 ?? 0, peak ?? 0) > spikeFactor ? latency : nil
        case "cost": max(score.costOverMean ?? 0, peak ?? 0) > spikeFactor ? cost : nil
        default: forAnomaly(dominant: metric ?? score.dominant)
        }
    }

    public static func forAnomaly(dominant: String) -> AlertRule {
        switch dominant {
        case "latency": latency
        case "cost": cost
        case "quotaRate": quotaRate
        default: successRate
        }
    }

    /// The rule for a quota ledger entry kind (`quota.warning`, `quota.critical`, `quota.exhausted`).
    public static func forQuota(kind: String) -> AlertRule? {
        switch kind {
        case "quota.warning": quotaWarning
        case "quota.critical": quotaCritical
        case "quota.exhausted": quotaExhausted
        default: nil
        }
    }
}
