public import AsyncHTTPClient
public import Logging
import StewardCore

/// Sends notifications to the one webhook configured for them, signed like executor calls.
///
/// A few quick retries when the receiver failed or could not be reached (not when it was slow),
/// then the failure is logged and returned; the outbox tries again later.
public struct Notifier: Sendable {
    /// Attempts per notification: the first and two retries.
    static let maxAttempts = 3
    /// The wait before the first retry, doubled for the next.
    static let backoff = Duration.milliseconds(200)

    let post: SignedPost
    let url: String?
    let secret: [UInt8]?
    let timeout: Duration

    /// A notifier POSTing to `url` (nil: notifications are dropped) and signing with `secret` when given.
    public init(client: HTTPClient, url: String?, secret: [UInt8]?, timeoutMilliseconds: Int = 5000, logger: Logger) {
        self.post = SignedPost(client: client, logger: logger)
        self.url = url
        self.secret = secret
        self.timeout = .milliseconds(max(1, timeoutMilliseconds))
    }

    /// Sends `notification`; never throws.
    public func send(_ notification: Notification) async -> NotificationDelivery {
        guard let url else { return .notConfigured }
        let body: [UInt8]
        do {
            body = try notification.body()
        } catch {
            return fail(notification, url: url, detail: "could not encode the notification: \(error)")
        }
        // Identical content is the same notification, so a receiver can drop a retried duplicate.
        let key = "ntf-" + Digest.sha256Hex(body)
        let (outcome, attempts) = await post.deliver(
            url: url, body: body, secret: secret, idempotencyKey: key, timeout: timeout, maxAttempts: Self.maxAttempts,
            backoff: Self.backoff, retries: .notification)
        if case .answered(let status, _) = outcome, outcome.succeeded {
            return .delivered(status: status)
        }
        var detail = outcome.detail(receiver: "notification endpoint")
        if attempts > 1 { detail += " (attempt \(attempts))" }
        return fail(notification, url: url, detail: detail)
    }

    private func fail(_ notification: Notification, url: String, detail: String) -> NotificationDelivery {
        post.logger.warning("notification not delivered", metadata: [
            "kind": "\(notification.kind)", "tenant": "\(notification.tenant)", "subject": "\(notification.subject)",
            "url": "\(url)", "detail": "\(detail)",
        ])
        return .failed(detail: detail)
    }
}
