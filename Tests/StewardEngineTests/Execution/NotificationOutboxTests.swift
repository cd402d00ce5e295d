import Logging
import StewardCore
@testable import StewardEngine
import StewardSQLite
import StewardTestSupport
import Testing

/// QA paging H1/H2: a page outlives a channel that is down and a stop in the middle. It is queued
/// before its first attempt, tried again by the outbox round with growing waits, and each failure,
/// late delivery or abandonment is on the ledger.
@Suite("Notification outbox")
struct NotificationOutboxTests {
    static let page = StewardEngine.Notification(
        kind: "escalation", tenant: "default", subject: "action:a-1", payload: ["why": "risk"], ts: Timestamp(millisecondsSinceEpoch: 1_763_766_081_000),
        text: "Steward: a-1 waits for a person")

    static func alerts(_ store: any Store, _ clock: TestClock, url: String, timeoutMilliseconds: Int = 60_000) -> SpineAlerts {
        SpineAlerts(
            store: store, client: DeliveryClient.shared, settings: NotificationSettings(webhookURL: url, timeoutMilliseconds: timeoutMilliseconds),
            secrets: SigningSecrets(store: store), clock: clock, logger: .quiet, revision: "rev")
    }

    /// A fresh store and clock, a receiver answering `script`, and the alerts paging it.
    static func withOutbox(
        _ script: [TestAgent.Reply] = [], timeoutMilliseconds: Int = 60_000,
        _ body: @Sendable (SQLiteStore, TestClock, SpineAlerts, TestAgent) async throws -> Void
    ) async throws {
        let dir = try TemporaryDirectory(prefix: "steward-outbox")
        defer { dir.remove() }
        let store = try SQLiteStore(path: dir.file("s.sqlite"))
        let clock = TestClock()
        try await TestAgent.withAgent(script) { agent in
            try await body(store, clock, alerts(store, clock, url: agent.url("/hook"), timeoutMilliseconds: timeoutMilliseconds), agent)
        }
    }

    /// QA paging M2: a receiver slower than `timeoutMs` is given longer in each later round, so it
    /// takes the page once more and is done, rather than being sent it every round for a day; and
    /// the first round sends it once, not three times within a second.
    @Test func aSlowReceiverIsGivenLongerEachRound() async throws {
        let slow = TestAgent.Reply(status: 200, delay: .milliseconds(700))
        try await Self.withOutbox(Array(repeating: slow, count: 30), timeoutMilliseconds: 500) { store, clock, alerts, agent in
            await alerts.send(Self.page)
            #expect(try await queued(store) == 1)
            // A receiver that timed out may still be taking the page: no quick retries on top of it.
            #expect(await agent.requests.count == 1)
            // With the same 500 ms every round it would never get through; each round doubles it.
            // (A few rounds, not one: a busy machine may stretch the receiver's 700 ms.)
            for _ in 0..<5 where try await queued(store) > 0 {
                clock.advance(seconds: 600)
                try await alerts.retryQueued(tenant: "default")
            }
            #expect(try await queued(store) == 0)
            #expect(try await kinds(store).last == "notification.delivered")
        }
    }

    func queued(_ store: any Store) async throws -> Int {
        try await store.projections(ProjectionQuery(tenant: "default", collection: NotificationOutbox.collection, limit: 100)).count
    }

    func kinds(_ store: any Store) async throws -> [String] {
        try await store.ledger(tenant: "default", query: LedgerQuery(limit: 100)).rows.map(\.kind)
    }

    @Test func aPageTheChannelRefusedIsDeliveredWhenItIsBack() async throws {
        try await Self.withOutbox([.init(status: 500), .init(status: 500), .init(status: 500), .init(status: 200)]) { store, clock, alerts, agent in
            await alerts.send(Self.page)
            #expect(await agent.requests.count == 3)
            #expect(try await queued(store) == 1)
            #expect(try await kinds(store) == ["notification.failed"])
            // Not due yet: the first wait is 30 s.
            try await alerts.retryQueued(tenant: "default")
            #expect(await agent.requests.count == 3)
            clock.advance(seconds: 31)
            try await alerts.retryQueued(tenant: "default")
            let requests = await agent.requests
            #expect(requests.count == 4 && requests.map(\.body).allSatisfy { $0 == requests[0].body })
            #expect(Set(requests.compactMap { $0.header("Idempotency-Key") }).count == 1)
            #expect(try await queued(store) == 0)
            #expect(try await kinds(store) == ["notification.failed", "notification.delivered"])
        }
    }

    /// A page queued by a version that kept the notification's fields beside the delivery's (and
    /// no tenant) is still sent after an upgrade, to the row's tenant, and leaves the outbox.
    @Test func aRowQueuedByAnEarlierVersionIsStillSent() async throws {
        try await Self.withOutbox { store, clock, alerts, agent in
            let legacy: JSONValue = [
                "kind": .string(Self.page.kind), "subject": .string(Self.page.subject), "payload": Self.page.payload,
                "ts": .string(Self.page.ts.rfc3339), "text": .string(Self.page.text ?? ""), "attempts": 1,
                "queuedAt": .string(clock.now().rfc3339), "nextAttemptAt": .string(clock.now().rfc3339),
            ]
            _ = try await store.commit(StoreCommit(projections: [.put(ProjectionDocument(
                tenant: "default", collection: NotificationOutbox.collection, id: "legacy", body: legacy))]))
            try await alerts.retryQueued(tenant: "default")
            let sent = try #require(await agent.requests.first)
            #expect(String(decoding: sent.body, as: UTF8.self).contains("\"tenant\":\"default\""))
            #expect(try await queued(store) == 0)
        }
    }

    @Test func aPageQueuedBeforeAStopIsSentByTheNextRound() async throws {
        try await Self.withOutbox { store, clock, alerts, agent in
            // Queued, then the replica stopped before its first attempt.
            _ = await alerts.queue(Self.page, now: clock.now())
            try await alerts.retryQueued(tenant: "default")
            #expect(await agent.requests.isEmpty)  // its first attempt may still be under way
            clock.advance(seconds: 300)
            try await alerts.retryQueued(tenant: "default")
            #expect(await agent.requests.count == 1)
            #expect(try await queued(store) == 0)
        }
    }

    @Test func aPageNobodyTakesForADayIsGivenUpOnTheLedger() async throws {
        try await Self.withOutbox(Array(repeating: .init(status: 503), count: 12)) { store, clock, alerts, agent in
            await alerts.send(Self.page)
            clock.advance(seconds: 3_600)
            try await alerts.retryQueued(tenant: "default")
            #expect(try await queued(store) == 1)
            clock.advance(seconds: 86_400)
            try await alerts.retryQueued(tenant: "default")
            #expect(await agent.requests.count == 9)
            #expect(try await queued(store) == 0)
            let kinds = try await kinds(store)
            #expect(kinds.first == "notification.failed" && kinds.last == "notification.abandoned" && kinds.count == 2)
        }
    }
}
