import Logging
public import StewardCore

/// Notifications not yet delivered, kept as state rows so that a page outlives a channel that is
/// down and a restart: queued before the first attempt, removed once delivered, tried again by the
/// outbox round with growing waits, and given up after a day with a ledger entry.
///
/// Delivery is at least once: a replica that stops between the answer and the removal sends the
/// page again later, under the same `Idempotency-Key` (the hash of its content).
enum NotificationOutbox {
    /// The state rows' collection.
    static let collection = "notification-outbox"
    /// How long a notification is tried before it is given up.
    static let giveUpAfterMilliseconds: Int64 = 86_400_000
    /// Waits after each failed round of attempts: 30 s, 1, 2 and 5 min, then every 10 min.
    static let waits: [Int64] = [30_000, 60_000, 120_000, 300_000, 600_000]

    /// The wait after `attempts` failed rounds.
    static func wait(after attempts: Int) -> Int64 { waits[min(max(attempts, 1), waits.count) - 1] }

    /// One queued notification: the document sent, and how its delivery goes.
    struct Entry: Codable, Sendable {
        var notification: Notification
        /// Rounds of attempts that failed so far.
        var attempts: Int
        var queuedAt: Timestamp
        /// When the outbox round may try it; a fresh entry waits for its first attempt to finish.
        var nextAttemptAt: Timestamp
        var lastError: String?

        init(_ notification: Notification, queuedAt: Timestamp, firstRoundAt: Timestamp) {
            (self.notification, attempts, self.queuedAt, nextAttemptAt) = (notification, 0, queuedAt, firstRoundAt)
        }

        private enum CodingKeys: String, CodingKey {
            case notification, attempts, queuedAt, nextAttemptAt, lastError
            // The notification's own fields, as rows queued before it was kept whole hold them.
            case kind, subject, payload, ts, text, severity, blocks
        }

        /// Reads both layouts: a row queued by an earlier version, with the notification's fields
        /// beside the delivery's (its tenant is the row's: ``tenant(_:)`` puts it back), is still
        /// delivered after an upgrade rather than left in the outbox.
        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            if let whole = try c.decodeIfPresent(Notification.self, forKey: .notification) {
                notification = whole
            } else {
                notification = Notification(
                    kind: try c.decode(String.self, forKey: .kind), tenant: "", subject: try c.decode(String.self, forKey: .subject),
                    payload: try c.decode(JSONValue.self, forKey: .payload), ts: try c.decode(Timestamp.self, forKey: .ts),
                    text: try c.decodeIfPresent(String.self, forKey: .text), severity: try c.decodeIfPresent(String.self, forKey: .severity),
                    blocks: try c.decodeIfPresent(JSONValue.self, forKey: .blocks))
            }
            attempts = try c.decode(Int.self, forKey: .attempts)
            queuedAt = try c.decode(Timestamp.self, forKey: .queuedAt)
            nextAttemptAt = try c.decode(Timestamp.self, forKey: .nextAttemptAt)
            lastError = try c.decodeIfPresent(String.self, forKey: .lastError)
        }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(notification, forKey: .notification)
            try c.encode(attempts, forKey: .attempts)
            try c.encode(queuedAt, forKey: .queuedAt)
            try c.encode(nextAttemptAt, forKey: .nextAttemptAt)
            try c.encodeIfPresent(lastError, forKey: .lastError)
        }

        /// The entry as queued in `tenant`'s outbox (an earlier version's row names no tenant).
        func tenant(_ tenant: String) -> Entry {
            var entry = self
            if entry.notification.tenant.isEmpty { entry.notification.tenant = tenant }
            return entry
        }

        /// The ledger payload of its delivery, failure or abandonment.
        func facts(_ extra: [String: JSONValue]) -> JSONValue {
            var facts: [String: JSONValue] = [
                "kind": .string(notification.kind), "subject": .string(notification.subject), "attempts": .int(Int64(attempts)), "queuedAt": .string(queuedAt.rfc3339),
            ]
            for (key, value) in extra { facts[key] = value }
            return .object(facts)
        }
    }

    /// The row id: the hash of the document sent, the same as its `Idempotency-Key`.
    static func id(of notification: Notification) -> String? {
        (try? notification.body()).map { "ntf-" + Digest.sha256Hex($0) }
    }
}

extension SpineAlerts {
    /// Queues `notification` (nil when it cannot be: the store is down, and it is sent once only).
    func queue(_ notification: Notification, now: Timestamp) async -> (id: String, entry: NotificationOutbox.Entry)? {
        guard let id = NotificationOutbox.id(of: notification) else { return nil }
        // The first attempt takes at most three timeouts and the retries' 0.6 s; the round waits beyond that.
        let grace = Int64(settings.timeoutMilliseconds) * 3 + 30_000
        let entry = NotificationOutbox.Entry(notification, queuedAt: now, firstRoundAt: now.adding(milliseconds: grace))
        guard (try? await put(entry, id: id, tenant: notification.tenant)) != nil else { return nil }
        return (id, entry)
    }

    /// After a failed round of attempts: tried again later, or given up after a day; either way on the ledger.
    func failed(_ queued: (id: String, entry: NotificationOutbox.Entry), tenant: String, detail: String, now: Timestamp) async {
        var entry = queued.entry
        entry.attempts += 1
        entry.lastError = detail
        if now.milliseconds(since: entry.queuedAt) >= NotificationOutbox.giveUpAfterMilliseconds {
            logger.error("notification given up after a day of attempts", metadata: [
                "kind": "\(entry.notification.kind)", "tenant": "\(tenant)", "subject": "\(entry.notification.subject)", "detail": "\(detail)",
            ])
            await settle(queued.id, tenant: tenant, kind: "notification.abandoned", entry.facts(["detail": .string(detail)]), now: now)
            return
        }
        entry.nextAttemptAt = now.adding(milliseconds: NotificationOutbox.wait(after: entry.attempts))
        // The ledger hears of the first failure; later rounds only move the row on.
        var drafts: [LedgerDraft] = []
        if entry.attempts == 1 {
            let facts = entry.facts(["detail": .string(detail), "nextAttemptAt": .string(entry.nextAttemptAt.rfc3339)])
            guard let draft = try? LedgerDraft(
                tenant: tenant, ts: now, kind: "notification.failed", subject: entry.notification.subject, actor: "steward", payload: facts,
                configRevision: configRevision)
            else { return }
            drafts.append(draft)
        }
        _ = try? await put(entry, id: queued.id, tenant: tenant, drafts: drafts)
    }

    /// Delivered or given up: the row goes, with a ledger entry saying which (none for a first-attempt delivery).
    func settle(_ id: String, tenant: String, kind: String?, _ facts: JSONValue, now: Timestamp) async {
        var drafts: [LedgerDraft] = []
        if let kind, let subject = facts["subject"]?.stringValue,
           let draft = try? LedgerDraft(tenant: tenant, ts: now, kind: kind, subject: subject, actor: "steward", payload: facts, configRevision: configRevision) {
            drafts.append(draft)
        }
        _ = try? await store.commit(StoreCommit(drafts: drafts, projections: [.remove(tenant: tenant, collection: NotificationOutbox.collection, id: id)]))
    }

    /// The outbox round of one tenant: every queued notification that is due, tried again.
    public func retryQueued(tenant: String) async throws(StoreError) {
        let rows = try await store.projections(ProjectionQuery(tenant: tenant, collection: NotificationOutbox.collection, limit: 1000))
        for row in rows {
            let now = clock.now()
            guard let entry = (try? JSONValueDecoder.decode(NotificationOutbox.Entry.self, from: row.body))?.tenant(tenant), entry.nextAttemptAt <= now else { continue }
            switch await deliver(entry.notification, failedRounds: entry.attempts) {
            case .delivered, .notConfigured:
                logger.info("queued notification delivered", metadata: [
                    "kind": "\(entry.notification.kind)", "tenant": "\(tenant)", "subject": "\(entry.notification.subject)", "attempts": "\(entry.attempts + 1)",
                ])
                var done = entry
                done.attempts += 1
                await settle(row.id, tenant: tenant, kind: "notification.delivered", done.facts([:]), now: now)
            case .failed(let detail):
                await failed((row.id, entry), tenant: tenant, detail: detail, now: now)
            }
        }
    }

    private func put(_ entry: NotificationOutbox.Entry, id: String, tenant: String, drafts: [LedgerDraft] = []) async throws -> CommitReceipt {
        let body = try JSONValueEncoder.encode(entry)
        return try await store.commit(StoreCommit(
            drafts: drafts, projections: [.put(ProjectionDocument(tenant: tenant, collection: NotificationOutbox.collection, id: id, body: body))]))
    }
}
