import AsyncHTTPClient
import StewardCore
import StewardEngine
import Testing

@Suite("notifier")
struct NotifierTests {
    static let notification = StewardEngine.Notification(
        kind: "budget.warning", tenant: "acme", subject: "budget:openai", payload: ["spent": 81, "limit": 100],
        ts: Timestamp(millisecondsSinceEpoch: 1_763_766_081_000))

    @Test func deliversSignedCanonicalJSON() async throws {
        let secret = Array("notify-secret".utf8)
        try await TestAgent.withAgent([.init(status: 202)]) { agent in
            let notifier = Notifier(client: DeliveryClient.shared, url: agent.url("/notify"), secret: secret, timeoutMilliseconds: 60_000, logger: .quiet)
            #expect(await notifier.send(Self.notification) == .delivered(status: 202))
            let received = try #require(await agent.requests.first)
            #expect(received.path == "/notify")
            #expect(String(decoding: received.body, as: UTF8.self) == #"{"kind":"budget.warning","payload":{"limit":100,"spent":81},"subject":"budget:openai","tenant":"acme","ts":"2025-11-21T23:01:21.000Z"}"#)
            let ts = try #require(received.header(WebhookSignature.timestampHeader).flatMap { Int64($0) })
            let signature = try #require(received.header(WebhookSignature.signatureHeader))
            #expect(WebhookSignature.verify(secret: secret, timestamp: ts, body: received.body, signature: signature, now: ts))
            #expect(received.header("Idempotency-Key")?.hasPrefix("ntf-") == true)
        }
    }

    @Test func retriesServerErrorsTwiceThenFails() async throws {
        try await TestAgent.withAgent([.init(status: 500), .init(status: 503), .init(status: 502), .init(status: 200)]) { agent in
            let notifier = Notifier(client: DeliveryClient.shared, url: agent.url(), secret: nil, timeoutMilliseconds: 60_000, logger: .quiet)
            let started = ContinuousClock.now
            let delivery = await notifier.send(Self.notification)
            #expect(delivery == .failed(detail: "notification endpoint answered 502 (attempt 3)"))
            #expect(ContinuousClock.now - started >= .milliseconds(600))  // 200 ms, then 400 ms
            let received = await agent.requests
            #expect(received.count == 3)
            #expect(received.allSatisfy { $0.header(WebhookSignature.signatureHeader) == nil })
        }
    }

    @Test func recoversWhenARetrySucceeds() async throws {
        try await TestAgent.withAgent([.init(status: 503), .init(status: 200)]) { agent in
            let notifier = Notifier(client: DeliveryClient.shared, url: agent.url(), secret: nil, timeoutMilliseconds: 60_000, logger: .quiet)
            #expect(await notifier.send(Self.notification) == .delivered(status: 200))
            #expect(await agent.requests.count == 2)
        }
    }

    @Test func clientErrorsAreNotRetried() async throws {
        try await TestAgent.withAgent([.init(status: 429), .init(status: 200)]) { agent in
            let notifier = Notifier(client: DeliveryClient.shared, url: agent.url(), secret: nil, timeoutMilliseconds: 60_000, logger: .quiet)
            #expect(await notifier.send(Self.notification) == .failed(detail: "notification endpoint answered 429"))
            #expect(await agent.requests.count == 1)
        }
    }

    @Test func unreachableEndpointFails() async throws {
        let port = try await TestAgent.closedPort()
        let notifier = Notifier(client: DeliveryClient.shared, url: "http://127.0.0.1:\(port)/n", secret: nil, timeoutMilliseconds: 500, logger: .quiet)
        guard case .failed(let detail) = await notifier.send(Self.notification) else {
            Issue.record("expected a failure")
            return
        }
        // Refused connections are retried at once, three attempts in all; an attempt the client
        // kept connecting until its timeout ends the round (the outbox tries again later).
        if detail.hasPrefix("could not reach notification endpoint") {
            #expect(detail.hasSuffix("(attempt 3)"), "\(detail)")
        } else {
            #expect(detail.hasPrefix("timed out after 500 ms"), "\(detail)")
        }
    }

    @Test func withoutAURLNothingIsSent() async {
        let notifier = Notifier(client: DeliveryClient.shared, url: nil, secret: Array("s".utf8), logger: .quiet)
        #expect(await notifier.send(Self.notification) == .notConfigured)
    }
}
