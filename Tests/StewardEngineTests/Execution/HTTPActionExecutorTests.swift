import AsyncHTTPClient
import Foundation
import StewardCore
@testable import StewardEngine
import Testing

@Suite("http executor")
struct HTTPActionExecutorTests {
    static let secret = Array("tenant-secret".utf8)

    static func request(idempotent: Bool = true, account: String? = "acct-1") -> ExecutionRequest {
        ExecutionRequest(
            actionID: "act-42", tenant: "acme", agent: "ops-bot", account: account, type: "restart_service",
            params: ["service": "billing", "force": true, "count": 3], idempotencyKey: "idem-act-42", idempotent: idempotent,
            attempt: 0)
    }

    static func executor(secret: [UInt8]? = secret) -> HTTPActionExecutor {
        HTTPActionExecutor(client: DeliveryClient.shared, secret: { tenant in tenant == "acme" ? secret : nil }, logger: .quiet)
    }

    /// Tests that are not about timeouts give an attempt a minute: a full parallel run can starve
    /// the cooperative pool for seconds, and a 5-s attempt then timed out and was retried.
    static func spec(_ url: String, timeout: Int = 60_000, retries: Int = 2, backoff: Int = 10) -> HTTPExecutorSpec {
        HTTPExecutorSpec(url: url, timeoutMilliseconds: timeout, retries: retries, backoffMilliseconds: backoff)
    }

    @Test func bodyIsCanonicalJSONWithNullAccount() throws {
        let body = try Self.request(account: nil).body()
        #expect(String(decoding: body, as: UTF8.self) == #"{"account":null,"agent":"ops-bot","id":"act-42","idempotencyKey":"idem-act-42","params":{"count":3,"force":true,"service":"billing"},"tenant":"acme","type":"restart_service"}"#)
    }

    @Test func agentReceivesTheExactSignedBody() async throws {
        let request = Self.request()
        let result = try await TestAgent.withAgent([.init(status: 200, body: #"{"restarted":true}"#)]) { agent in
            let result = await Self.executor().execute(request, spec: Self.spec(agent.url()))
            let received = try #require(await agent.requests.first)
            #expect(received.body == (try request.body()))
            #expect(received.header("Idempotency-Key") == "idem-act-42")
            #expect(received.header("Content-Type") == "application/json")
            #expect(received.header("User-Agent") == "steward")
            let timestamp = try #require(received.header(WebhookSignature.timestampHeader).flatMap { Int64($0) })
            let signature = try #require(received.header(WebhookSignature.signatureHeader))
            let now = Int64(Date().timeIntervalSince1970)
            #expect(WebhookSignature.verify(secret: Self.secret, timestamp: timestamp, body: received.body, signature: signature, now: now))
            #expect(!WebhookSignature.verify(secret: Array("other".utf8), timestamp: timestamp, body: received.body, signature: signature, now: now))
            return result
        }
        #expect(result.succeeded)
        #expect(result.detail == "agent answered 200")
        #expect(result.statusCode == 200 && result.attempts == 1)
        #expect(result.response == ["restarted": true])
    }

    /// QA (spine) HIGH-2: the client queued deliveries beyond its connections to one host inside
    /// their deadline, so in a burst an agent answering at once was recorded as timing out. A
    /// delivery waits for a lane to its receiver first, sending nothing and starting no timer.
    @Test func aDeliveryWaitingForALaneStartsNoTimerUntilItGetsOne() async throws {
        final class Timers: @unchecked Sendable {
            private let lock = NSLock()
            private var started = 0
            func start() { lock.withLock { started += 1 } }
            var count: Int { lock.withLock { started } }
        }
        let timers = Timers()
        let lanes = DeliveryLanes(perReceiver: 1)
        let post = SignedPost(client: DeliveryClient.shared, logger: .quiet, lanes: lanes, timer: { duration in
            timers.start()
            try await Task.sleep(for: duration)
        })
        let outcome = try await TestAgent.withAgent([.init(status: 200)]) { agent in
            let receiver = try #require(DeliveryLanes.receiver(of: agent.url()))
            let (held, release) = AsyncStream<Void>.makeStream()
            let occupant = Task { await lanes.run(receiver) { for await _ in held {} } }
            while await lanes.running(to: receiver) == 0 { await Task.yield() }
            let delivery = Task {
                await post.attempt(url: agent.url(), body: Array("{}".utf8), secret: nil, idempotencyKey: "k", timeout: .seconds(30))
            }
            // However long the lane stays taken, the waiting delivery sends nothing and times nothing.
            for _ in 0..<50 { await Task.yield() }
            let sent = await agent.requests
            #expect(timers.count == 0 && sent.isEmpty)
            release.finish()
            await occupant.value
            return await delivery.value
        }
        #expect(timers.count == 1)
        guard case .answered(let status, _) = outcome else { Issue.record("\(outcome)"); return }
        #expect(status == 200)
    }

    /// QA (agent integrator) F1: a followed redirect turned the signed POST into a GET elsewhere
    /// whose 2xx passed for the agent's answer. A 3xx fails the step at once, naming the redirect.
    @Test func aRedirectIsNotFollowedAndFailsTheStep() async throws {
        try await TestAgent.withAgent([]) { elsewhere in
            try await TestAgent.withAgent([.init(status: 302, location: elsewhere.url("/moved"))]) { agent in
                let result = await Self.executor().execute(Self.request(), spec: Self.spec(agent.url()))
                #expect(!result.succeeded && result.attempts == 1)
                #expect(result.detail.contains("answered 302, a redirect to \(elsewhere.url("/moved"))"))
                // QA spine r3 L1: the agent did receive it: its status is kept, and nothing says otherwise.
                #expect(result.statusCode == 302 && result.detail.contains("it received the request") && !result.detail.contains("nothing was delivered"))
                #expect(await agent.requests.count == 1)
                #expect(await elsewhere.requests.isEmpty)
            }
        }
    }

    @Test func noSecretMeansNoSignatureHeader() async throws {
        try await TestAgent.withAgent { agent in
            var request = Self.request()
            request.tenant = "globex"  // the secret lookup knows only acme
            let result = await Self.executor().execute(request, spec: Self.spec(agent.url()))
            #expect(result.succeeded)
            let received = try #require(await agent.requests.first)
            #expect(received.header(WebhookSignature.signatureHeader) == nil)
            #expect(received.header(WebhookSignature.timestampHeader) != nil)
        }
    }

    @Test func idempotentRequestIsRetriedAfterA5xxWithTheSameKeyAndFreshSignature() async throws {
        try await TestAgent.withAgent([.init(status: 500, body: "boom"), .init(status: 200, body: "not json")]) { agent in
            let result = await Self.executor().execute(Self.request(idempotent: true), spec: Self.spec(agent.url()))
            #expect(result.succeeded && result.attempts == 2 && result.statusCode == 200)
            #expect(result.response == nil)
            let received = await agent.requests
            #expect(received.count == 2)
            #expect(received.map { $0.header("Idempotency-Key") } == ["idem-act-42", "idem-act-42"])
            for request in received {
                let ts = try #require(request.header(WebhookSignature.timestampHeader).flatMap { Int64($0) })
                let signature = try #require(request.header(WebhookSignature.signatureHeader))
                #expect(WebhookSignature.verify(secret: Self.secret, timestamp: ts, body: request.body, signature: signature, now: ts))
            }
        }
    }

    @Test func nonIdempotentRequestIsNotRetried() async throws {
        try await TestAgent.withAgent([.init(status: 500), .init(status: 200)]) { agent in
            let result = await Self.executor().execute(Self.request(idempotent: false), spec: Self.spec(agent.url()))
            #expect(!result.succeeded)
            #expect(result.attempts == 1 && result.statusCode == 500)
            #expect(result.detail == "agent answered 500")
            #expect(await agent.requests.count == 1)
        }
    }

    @Test("a 4xx other than 429 is the agent's answer and is not retried", arguments: [400, 404, 409, 422])
    func clientErrorsAreNotRetried(status: Int) async throws {
        try await TestAgent.withAgent([.init(status: status, body: #"{"error":"bad params"}"#)]) { agent in
            let result = await Self.executor().execute(Self.request(), spec: Self.spec(agent.url()))
            #expect(!result.succeeded && result.attempts == 1 && result.statusCode == status)
            #expect(result.response == ["error": "bad params"])
            #expect(await agent.requests.count == 1)
        }
    }

    @Test func tooManyRequestsIsRetriedUntilRetriesAreSpent() async throws {
        try await TestAgent.withAgent([.init(status: 429), .init(status: 503), .init(status: 429), .init(status: 200)]) { agent in
            let result = await Self.executor().execute(Self.request(), spec: Self.spec(agent.url(), retries: 2))
            #expect(!result.succeeded && result.attempts == 3 && result.statusCode == 429)
            #expect(result.detail == "agent answered 429 (attempt 3)")
            #expect(await agent.requests.count == 3)
        }
    }

    @Test func backoffDoublesBetweenAttempts() async throws {
        try await TestAgent.withAgent([.init(status: 502), .init(status: 502), .init(status: 200)]) { agent in
            let result = await Self.executor().execute(Self.request(), spec: Self.spec(agent.url(), retries: 2, backoff: 150))
            #expect(result.succeeded && result.attempts == 3)
            #expect(result.durationMilliseconds >= 450)  // 150 ms, then 300 ms
        }
    }

    @Test func slowAgentTimesOut() async throws {
        try await TestAgent.withAgent([.init(status: 200, delay: .seconds(30))]) { agent in
            // No wall-clock bound here (a loaded machine stretches any): the answer says it gave up
            // at its timeout, with no status, so it did not wait for the agent's answer 30 s later.
            let result = await Self.executor().execute(Self.request(idempotent: false), spec: Self.spec(agent.url(), timeout: 150))
            #expect(!result.succeeded && result.statusCode == nil && result.attempts == 1)
            #expect(result.detail == "timed out after 150 ms")
        }
    }

    @Test func unreachableAgentIsRetriedAndReported() async throws {
        let port = try await TestAgent.closedPort()
        let result = await Self.executor().execute(Self.request(), spec: Self.spec("http://127.0.0.1:\(port)/hook", timeout: 300, retries: 1))
        #expect(!result.succeeded && result.attempts == 2 && result.statusCode == nil && result.response == nil)
        // The client keeps retrying a refused connection until the attempt's time is up.
        #expect(result.detail.hasPrefix("could not reach agent") || result.detail == "timed out after 300 ms (attempt 2)")
    }

    @Test func invalidURLFailsWithoutRetrying() async {
        let result = await Self.executor().execute(Self.request(), spec: Self.spec("ftp://agent.example/{id}"))
        #expect(!result.succeeded && result.attempts == 1)
        #expect(result.detail == "invalid URL 'ftp://agent.example/act-42'")
    }

    @Test func urlTemplateIsExpandedAndPercentEncoded() async throws {
        try await TestAgent.withAgent { agent in
            let request = ExecutionRequest(
                actionID: "a 1/2", tenant: "acme", agent: "bot?x=1", account: "../admin", type: "café#frag",
                params: [:], idempotencyKey: "k", idempotent: true)
            let template = agent.url("/t/{tenant}/a/{agent}/acct/{account}/{type}/{id}")
            let result = await Self.executor().execute(request, spec: Self.spec(template))
            #expect(result.succeeded)
            let path = try #require(await agent.requests.first?.path)
            #expect(path == "/t/acme/a/bot%3Fx%3D1/acct/..%2Fadmin/caf%C3%A9%23frag/a%201%2F2")
        }
    }

    @Test func missingAccountAndDotSegmentsExpandSafely() async throws {
        try await TestAgent.withAgent { agent in
            var request = Self.request(account: nil)
            request.agent = ".."
            let result = await Self.executor().execute(request, spec: Self.spec(agent.url("/x/{agent}/acct={account}/end")))
            #expect(result.succeeded)
            #expect(await agent.requests.first?.path == "/x/%2E%2E/acct=/end")
        }
    }

    @Test func largeAnswersAreCutAtOneMebibyte() async throws {
        // Valid JSON only when read whole, so a parsed response would mean the cap was ignored.
        let big = #"[""# + String(repeating: "x", count: 3 << 20) + #""]"#
        try await TestAgent.withAgent([.init(status: 200, body: big)]) { agent in
            // A generous timeout: on a loaded machine, 3 MiB through loopback has taken over 5 s.
            let result = await Self.executor().execute(Self.request(), spec: Self.spec(agent.url(), timeout: 60_000))
            #expect(result.succeeded && result.response == nil, "\(result)")
        }
    }
}
