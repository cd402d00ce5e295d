public import AsyncHTTPClient
public import Logging
public import StewardCore

/// Tells people what they must know: escalations that page, budgets crossing their warning
/// shares (each share once a day, exactly, however many requests cross it together), digests.
public struct SpineAlerts: Sendable {
    let store: any Store
    let client: HTTPClient?
    let settings: NotificationSettings
    let secrets: SigningSecrets
    let clock: any WallClock
    let logger: Logger
    /// The configuration revision the outbox's ledger entries record.
    let configRevision: String

    /// Alerts to the configured webhook through `client`, signed with each tenant's secret
    /// (without a client or URL they are recorded in the ledger and the log only).
    public init(
        store: any Store, client: HTTPClient?, settings: NotificationSettings, secrets: SigningSecrets, clock: any WallClock, logger: Logger,
        revision: String
    ) {
        self.store = store
        self.client = client
        self.settings = settings
        self.secrets = secrets
        self.clock = clock
        self.logger = logger
        self.configRevision = revision
    }


    /// Pages about an action the risk gate escalated.
    func escalation(_ record: ActionRecord) async {
        let p = record.proposal
        var payload: [String: JSONValue] = [
            "action": .string(p.id), "type": .string(p.type), "agent": .string(p.agent),
            "reason": .string(record.decision.reason), "explanation": .string(record.decision.explanation),
            "riskScore": .double(record.decision.risk.score),
        ]
        payload["account"] = p.account.map(JSONValue.string) ?? .null
        if let options = record.decision.escalation, let encoded = try? JSONValueEncoder.encode(options) { payload["options"] = encoded }
        let text = "Steward: \(p.type) proposed by \(p.agent)\(p.account.map { " for \($0)" } ?? "") waits for a person: \(record.decision.explanation)"
        // A decision waits for a person; an agent Steward cannot heal (below) is the critical one.
        await send(Notification(
            kind: "escalation", tenant: p.tenant, subject: "action:\(p.id)", payload: .object(payload), ts: clock.now(), text: text, severity: "warning"))
    }

    /// Pages about an incident the remediation loop escalated, with its two options.
    func escalation(_ escalation: Escalation) async {
        guard let payload = try? JSONValueEncoder.encode(escalation) else { return }
        let options = escalation.recommendedOptions.map { "\($0.name) (\($0.kind))" }.joined(separator: " or ")
        let text = "Steward escalated \(escalation.agent) (\(escalation.reason)): \(escalation.summary)" + (options.isEmpty ? "" : " Options: \(options).")
        await send(Notification(
            kind: "escalation", tenant: escalation.tenant, subject: "incident:\(escalation.incident)", payload: payload, ts: clock.now(), text: text,
            severity: "critical"))
    }

    /// Tells the channel that paged about an incident's escalation that it ended (as Alertmanager
    /// sends "resolved"): a person chose an option, or the agent recovered before anyone acted.
    func escalationClosed(_ escalation: Escalation) async {
        guard let resolution = escalation.resolution, let payload = try? JSONValueEncoder.encode(escalation) else { return }
        let how = resolution.option == "recovered"
            ? "\(escalation.agent) recovered before anyone acted"
            : "\(resolution.by) chose \(resolution.option)" + (resolution.heldBecause.map { " (\($0))" } ?? "")
        await send(Notification(
            kind: "escalation.resolved", tenant: escalation.tenant, subject: "incident:\(escalation.incident)", payload: payload, ts: clock.now(),
            text: "Steward: the escalation of \(escalation.agent) (\(escalation.id)) is closed: \(how).", severity: "resolved"))
    }

    /// Tells people about an action that may have run and will not be run again: only a person
    /// (or the agent) can tell whether it took effect.
    func interrupted(_ record: ActionRecord) async {
        let p = record.proposal
        let text = "Steward: \(p.type) by \(p.agent)\(p.account.map { " for \($0)" } ?? "") (\(p.id)) was interrupted while it ran; "
            + "it is not idempotent, so it was not run again and is marked failed. Check with the agent whether it took effect before proposing it again."
        let payload: JSONValue = [
            "action": .string(p.id), "type": .string(p.type), "agent": .string(p.agent), "account": p.account.map(JSONValue.string) ?? .null,
            "idempotencyKey": .string(record.idempotencyKey),
        ]
        await send(Notification(kind: "action.interrupted", tenant: p.tenant, subject: "action:\(p.id)", payload: payload, ts: clock.now(), text: text))
    }

    /// Warns once per share of `budget` the tenant's spending has reached today.
    func checkBudget(_ budget: DailyBudget, tenant: String, day: String, rules: SpineRules, actor: String) async {
        await warnCrossings(
            tenant: tenant, row: SpineRows.tenantDay(day), field: budget.field, limit: budget.capUsd,
            marker: budget.isRemediation ? "\(budget.field).warned" : "warned", inDollars: true, subject: "budget:\(day)",
            facts: [
                "budget": .string(budget.isRemediation ? "remediation daily USD cap" : "tenant daily USD cap"), "clause": .string(budget.clause),
                "day": .string(day),
            ], rules: rules, actor: actor)
    }

    /// Warns once per share of an account's daily autonomy budget its autonomous actions reached.
    func checkAutonomyBudget(tenant: String, account: String, day: String, limit: Int, rules: SpineRules, actor: String) async {
        await warnCrossings(
            tenant: tenant, row: SpineRows.accountDay(account, day), field: "autonomous", limit: Double(limit),
            marker: "warned", inDollars: false, subject: "account:\(account)",
            facts: ["budget": "account autonomy budget", "account": .string(account), "day": .string(day)], rules: rules, actor: actor)
    }

    /// One `budget.warning` entry and notification per configured share `field` reached in `row`;
    /// `<prefix>.<percent>` in the row marks a share already warned about.
    private func warnCrossings(
        tenant: String, row id: String, field: String, limit: Double, marker prefix: String, inDollars: Bool, subject: String, facts: [String: JSONValue],
        rules: SpineRules, actor: String
    ) async {
        guard limit > 0, let row = try? await store.projection(tenant: tenant, collection: SpineRows.daily, id: id) else { return }
        let used = row.body[field]?.doubleValue ?? 0
        // Within a billionth of the limit: $0.08 of $0.10 has reached 80%, though 0.8 × 0.1 is 0.08000000000000002.
        for share in rules.configuration.autonomy.budgetWarnings.sorted() where used + 1e-9 * max(1, limit) >= share * limit {
            let marker = "\(prefix).\(Int((share * 100).rounded()))"
            guard (row.body[marker]?.doubleValue ?? 0) < 1 else { continue }
            var payload = facts
            payload["share"] = .double(share)
            // Money as the ledger carries it (RoundedUsd): a sum of costs is never written with its float residue.
            func money(_ amount: Double) -> Double { inDollars ? RoundedUsd.of(amount) : amount }
            payload["used"] = .double(money(used))
            payload["limit"] = .double(money(limit))
            if inDollars {
                payload["spentUsd"] = .double(money(used))
                payload["capUsd"] = .double(money(limit))
            }
            let now = clock.now()
            guard let draft = try? LedgerDraft(
                tenant: tenant, ts: now, kind: "budget.warning", subject: subject, actor: actor, payload: .object(payload),
                configRevision: rules.revision) else { continue }
            // The marker's limit of 1 lets exactly one of several concurrent warners through.
            let tally = Tally(tenant: tenant, collection: SpineRows.daily, id: id, increments: [marker: 1], limits: [marker: 1])
            do {
                _ = try await store.commit(StoreCommit(drafts: [draft], projections: [.tally(tally)]))
            } catch {
                continue
            }
            let amount: (Double) -> String = { inDollars ? FormattedUsd(money($0)).description : String(Int(money($0))) }
            let text = "Steward: \(facts["budget"]?.stringValue ?? "budget") at \(Int((share * 100).rounded()))%: "
                + "\(amount(used)) of \(amount(limit))\(facts["account"]?.stringValue.map { " for \($0)" } ?? "")"
            await send(Notification(kind: "budget.warning", tenant: tenant, subject: subject, payload: .object(payload), ts: now, text: text))
        }
    }

    /// Sends a notification, queued first in the outbox so that a channel that is down, or a stop
    /// in the middle, does not lose it; failures are logged and retried, never thrown.
    func send(_ notification: Notification) async {
        guard client != nil, settings.webhookURL != nil else { return }
        let queued = await queue(notification, now: clock.now())
        switch await deliver(notification) {
        case .delivered, .notConfigured:
            if let queued { await settle(queued.id, tenant: notification.tenant, kind: nil, .null, now: clock.now()) }
        case .failed(let detail):
            logger.warning("notification not delivered; it stays queued and is tried again", metadata: [
                "kind": "\(notification.kind)", "tenant": "\(notification.tenant)", "detail": "\(detail)",
            ])
            if let queued { await failed(queued, tenant: notification.tenant, detail: detail, now: clock.now()) }
        }
    }

    /// One round of attempts at the configured webhook, signed with the tenant's secret.
    ///
    /// - Parameter failedRounds: rounds that failed before; each doubles the timeout (up to a
    ///   minute), so a receiver slower than `notifications.timeoutMs` is let finish instead of being
    ///   sent the page again every round for a day.
    func deliver(_ notification: Notification, failedRounds: Int = 0) async -> NotificationDelivery {
        guard let client else { return .notConfigured }
        let timeout = min(settings.timeoutMilliseconds << min(failedRounds, 6), max(60_000, settings.timeoutMilliseconds))
        let notifier = Notifier(
            client: client, url: settings.webhookURL, secret: await secrets.key(for: notification.tenant),
            timeoutMilliseconds: timeout, logger: logger)
        return await notifier.send(notification)
    }
}
