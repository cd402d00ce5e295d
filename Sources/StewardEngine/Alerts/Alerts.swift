public import Logging
public import StewardCore

/// Turns alerts into ledger entries and pages (seed 004 §2a.2): each alert is recorded as
/// `alert.raised` with what became of it; a page goes to the notification webhook at most once
/// per group and interval, repeats fold into the next page and the digest, and silenced alerts
/// are recorded but not paged.
public struct Alerts: Sendable {
    static let groups = "alert_groups"
    static let silences = "silences"
    /// Decisions redone at most this often when a group's row changed underneath.
    static let maxAttempts = 32

    let store: any Store
    let courier: SpineAlerts
    let settings: NotificationSettings
    /// The configured breaker rules' ids, which a silence's `breaker` matcher may name.
    public let breakerRules: Set<String>
    let revision: String
    let clock: any WallClock
    let logger: Logger

    /// Alerts paged through the spine's notification webhook, under the spine's configuration.
    public init(spine: ActionSpine, logger: Logger) {
        store = spine.store
        courier = spine.alerts
        settings = spine.rules.configuration.notifications
        breakerRules = Set(spine.rules.configuration.governance.breakers.map(\.id))
        revision = spine.rules.revision
        clock = spine.clock
        self.logger = logger
    }

    /// The rule table in force.
    public var rules: [AlertRule] { AlertRule.defaults }

    /// Records every alert with its outcome and pages those that page; returns the records.
    ///
    /// Failures are logged, never thrown: the facts behind an alert are in the ledger already.
    @discardableResult
    public func raise(_ alerts: [Alert]) async -> [AlertRecord] {
        var records: [AlertRecord] = []
        var silencesByTenant: [String: [Silence]] = [:]
        for alert in alerts {
            if silencesByTenant[alert.tenant] == nil { silencesByTenant[alert.tenant] = (try? await silences(tenant: alert.tenant)) ?? [] }
            do {
                let record = try await record(alert, silences: silencesByTenant[alert.tenant] ?? [])
                records.append(record)
                logger.log(level: alert.rule.severity == .critical ? .warning : .info, "alert raised", metadata: [
                    "tenant": "\(alert.tenant)", "rule": "\(alert.rule.id)", "group": "\(record.group)", "outcome": "\(record.outcome.rawValue)",
                ])
                // Delivered beside the caller: the page is decided and recorded; an ingest that raised
                // it must not wait through the webhook's retries.
                if record.outcome == .paged {
                    let repeats = record.repeats
                    Task { [self] in await self.page(alert, repeats: repeats) }
                }
            } catch {
                logger.error("alert not recorded", metadata: ["tenant": "\(alert.tenant)", "rule": "\(alert.rule.id)", "error": "\(error)"])
            }
        }
        return records
    }

    /// Ends `alert`'s group: when it paged and its end was not told yet, records `alert.resolved`
    /// and sends a `resolved` notification; otherwise nothing (a group that never paged has
    /// nothing to take back).
    public func resolve(_ alert: Alert) async {
        let key = alert.groupKey
        for attempt in 1...Self.maxAttempts {
            do {
                let row = try await store.projection(tenant: alert.tenant, collection: Self.groups, id: key)
                guard let row, let group = try? JSONValueDecoder.decode(AlertGroup.self, from: row.body),
                      let next = group.resolving(at: alert.at)
                else { return }
                let record = AlertRecord(alert, outcome: .resolved, repeats: group.foldedSincePage, silence: nil)
                _ = try await store.commit(try groupCommit(alert, kind: "alert.resolved", record: record, next: next, version: row.version))
                let payload = (try? JSONValueEncoder.encode(record)) ?? .null
                Task { [courier] in
                    await courier.send(Notification(
                        kind: "alert.resolved", tenant: alert.tenant, subject: "alert:\(alert.rule.id)", payload: payload, ts: alert.at,
                        text: "✅ RESOLVED \(alert.rule.event) — \(alert.skill.map { "skill \($0)" } ?? alert.provider.map { "provider \($0)" } ?? ""): \(alert.summary)",
                        severity: "resolved"))
                }
                return
            } catch where error.code == .conflict && attempt < Self.maxAttempts {
                continue
            } catch {
                logger.error("alert resolution not recorded", metadata: ["tenant": "\(alert.tenant)", "group": "\(key)", "error": "\(error)"])
                return
            }
        }
    }

    /// Whether `rule`'s group for `provider` raised an alert within the alert interval before `now`.
    public func raisedRecently(_ rule: AlertRule, tenant: String, provider: String, at now: Timestamp) async -> Bool {
        let key = Alert.groupKey(tenant: tenant, rule: rule, provider: provider)
        guard let row = try? await store.projection(tenant: tenant, collection: Self.groups, id: key),
              let group = try? JSONValueDecoder.decode(AlertGroup.self, from: row.body), let last = group.lastAt
        else { return false }
        return now.milliseconds(since: last) < Int64(settings.alertIntervalSeconds) * 1_000
    }

    /// Decides and records one alert against its group's row; a concurrent writer of the same
    /// group (another request, another replica) makes the commit fail and the decision is redone,
    /// so a group pages once however many raise it together.
    func record(_ alert: Alert, silences: [Silence]) async throws(StoreError) -> AlertRecord {
        let key = alert.groupKey
        // Each round lets at least one concurrent writer through, so this bounds the contention
        // one group can take (many replicas raising one cause at once) without losing an alert.
        for attempt in 1...Self.maxAttempts {
            let row = try await store.projection(tenant: alert.tenant, collection: Self.groups, id: key)
            let group = row.flatMap { try? JSONValueDecoder.decode(AlertGroup.self, from: $0.body) } ?? AlertGroup(key: key)
            let silence = Silence.first(in: silences, matching: alert, at: alert.at)
            let (outcome, repeats, next) = group.decide(alert, silencedBy: silence, intervalMilliseconds: Int64(settings.alertIntervalSeconds) * 1_000)
            let record = AlertRecord(alert, outcome: outcome, repeats: repeats, silence: silence?.id)
            let commit = try groupCommit(alert, kind: "alert.raised", record: record, next: next, version: row?.version ?? 0)
            do {
                _ = try await store.commit(commit)
                return record
            } catch where error.code == .conflict && attempt < Self.maxAttempts {
                continue
            }
        }
        throw StoreError(.conflict, operation: "record an alert of \(alert.rule.id)", reason: "its group kept changing")
    }

    /// The ledger entry `kind` for `record` and the group's next state, in one commit guarded by
    /// the group row's `version`: concurrent writers of a group are serialised by it.
    func groupCommit(_ alert: Alert, kind: String, record: AlertRecord, next: AlertGroup, version: Int64) throws(StoreError) -> StoreCommit {
        let key = alert.groupKey
        do throws(CanonicalJSONError) {
            return StoreCommit(
                drafts: [try LedgerDraft(
                    tenant: alert.tenant, ts: alert.at, kind: kind, subject: "alert:\(alert.rule.id)", actor: "steward", encoding: record,
                    configRevision: revision)],
                projections: [.put(ProjectionDocument(
                    tenant: alert.tenant, collection: Self.groups, id: key, ref: alert.rule.id, body: try JSONValueEncoder.encode(next)))],
                preconditions: [ProjectionPrecondition(tenant: alert.tenant, collection: Self.groups, id: key, expectedVersion: version)])
        } catch {
            throw StoreError(.invalid, operation: "record an alert of \(alert.rule.id)", reason: error.description)
        }
    }

    /// Sends one page: Slack-compatible `text` and `blocks`, with the alert's record as payload.
    func page(_ alert: Alert, repeats: Int) async {
        let payload = (try? JSONValueEncoder.encode(AlertRecord(alert, outcome: .paged, repeats: repeats, silence: nil))) ?? .null
        await courier.send(Notification(
            kind: "alert", tenant: alert.tenant, subject: "alert:\(alert.rule.id)", payload: payload, ts: alert.at,
            text: AlertMessage.text(alert, repeats: repeats), severity: alert.rule.severity.rawValue,
            blocks: AlertMessage.blocks(alert, repeats: repeats)))
    }
}
