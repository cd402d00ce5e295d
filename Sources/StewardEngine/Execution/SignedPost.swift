import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import StewardCore

/// One JSON POST signed with ``WebhookSignature``, bounded in time and in the size of the answer;
/// the transport shared by the http executor and the notifier.
struct SignedPost: Sendable {
    /// The most of an answer body kept; a receiver cannot make Steward buffer more.
    static let maxResponseBytes = 1 << 20

    let client: HTTPClient
    let logger: Logger
    /// Where deliveries wait their turn per receiver.
    var lanes: DeliveryLanes = .shared
    /// The timer an exchange races against (a test watches when it starts).
    var timer: @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }

    /// Sends `body` to `url` once. Never throws: every failure is a ``DeliveryOutcome``.
    func attempt(url: String, body: [UInt8], secret: [UInt8]?, idempotencyKey: String, timeout: Duration) async -> DeliveryOutcome {
        guard let receiver = DeliveryLanes.receiver(of: url) else { return .invalid(reason: "invalid URL '\(url)'") }
        // The timeout and the signature's time start once a lane to the receiver is free, not
        // while this delivery waits behind others to the same receiver.
        return await lanes.run(receiver) {
            await send(url: url, body: body, secret: secret, idempotencyKey: idempotencyKey, timeout: timeout)
        }
    }

    /// One exchange, raced against `timeout`.
    private func send(url: String, body: [UInt8], secret: [UInt8]?, idempotencyKey: String, timeout: Duration) async -> DeliveryOutcome {

        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "User-Agent", value: "steward")
        request.headers.add(name: "Idempotency-Key", value: idempotencyKey)
        // Signed at send time, so a retry after a long backoff still falls inside the receiver's tolerance.
        let timestamp = Int64(Date().timeIntervalSince1970)
        request.headers.add(name: WebhookSignature.timestampHeader, value: String(timestamp))
        if let secret {
            request.headers.add(name: WebhookSignature.signatureHeader, value: WebhookSignature.sign(secret: secret, timestamp: timestamp, body: body))
        }
        request.body = .bytes(body)

        let timeoutMilliseconds = timeout.wholeMilliseconds
        let client = client, logger = logger, timer = timer
        let pending = request
        // The client's own deadline stops once the response head arrives, so a receiver that
        // trickles its body is bounded by racing the whole exchange against a timer.
        return await withTaskGroup(of: DeliveryOutcome?.self) { group in
            group.addTask {
                do {
                    let response = try await client.execute(pending, timeout: .milliseconds(timeoutMilliseconds), logger: logger)
                    let status = Int(response.status.code)
                    if (300..<400).contains(status) {
                        // Not followed (DeliveryClient), and retrying the same URL cannot change that.
                        return .redirected(status: status, location: response.headers.first(name: "Location"))
                    }
                    let bytes = try await Self.collect(response.body)
                    return .answered(status: status, body: bytes)
                } catch let error as HTTPClientError where error == .deadlineExceeded {
                    return .timedOut(milliseconds: timeoutMilliseconds)
                } catch {
                    return .unreachable(reason: String(describing: error))
                }
            }
            group.addTask {
                do {
                    try await timer(timeout)
                    return .timedOut(milliseconds: timeoutMilliseconds)
                } catch {
                    return nil  // cancelled because the exchange finished first
                }
            }
            var outcome: DeliveryOutcome = .timedOut(milliseconds: timeoutMilliseconds)
            for await finished in group {
                if let finished {
                    outcome = finished
                    break
                }
            }
            group.cancelAll()
            return outcome
        }
    }

    /// Sends until the receiver accepts, the outcome is not transient or `maxAttempts` is spent,
    /// waiting `backoff`, then twice as long, and so on between attempts.
    func deliver(
        url: String, body: [UInt8], secret: [UInt8]?, idempotencyKey: String, timeout: Duration, maxAttempts: Int,
        backoff: Duration, retries: DeliveryOutcome.Retries
    ) async -> (outcome: DeliveryOutcome, attempts: Int) {
        var attempts = 0
        var wait = backoff
        while true {
            attempts += 1
            let outcome = await attempt(url: url, body: body, secret: secret, idempotencyKey: idempotencyKey, timeout: timeout)
            guard !outcome.succeeded, attempts < maxAttempts, outcome.isTransient(retries) else {
                return (outcome, attempts)
            }
            logger.debug("delivery attempt failed; retrying", metadata: [
                "url": "\(url)", "attempt": "\(attempts)", "outcome": "\(outcome.detail(receiver: "receiver"))",
                "backoff_ms": "\(wait.wholeMilliseconds)",
            ])
            do { try await Task.sleep(for: wait) } catch { return (outcome, attempts) }
            wait *= 2
        }
    }

    private static func collect(_ body: HTTPClientResponse.Body) async throws -> [UInt8] {
        var bytes: [UInt8] = []
        for try await chunk in body {
            bytes.append(contentsOf: chunk.readableBytesView.prefix(maxResponseBytes - bytes.count))
            // Leaving the loop abandons the rest of the body; the client then closes the connection.
            if bytes.count >= maxResponseBytes { break }
        }
        return bytes
    }
}
