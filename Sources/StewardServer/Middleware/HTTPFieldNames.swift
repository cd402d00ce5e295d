import HTTPTypes

/// The header names Steward reads and writes beyond the standard ones.
extension HTTPField.Name {
    /// `X-Request-Id`.
    static let requestID = literal("X-Request-Id")
    /// `Idempotency-Key`.
    static let idempotencyKey = literal("Idempotency-Key")
    /// `Idempotent-Replayed`: marks an answer given again for a retried `Idempotency-Key`.
    static let idempotentReplayed = literal("Idempotent-Replayed")
    /// `Last-Event-ID`, sent by an event-stream client that reconnects.
    static let lastEventID = literal("Last-Event-ID")
    /// `X-Accel-Buffering`: tells a proxy in front not to buffer the event stream.
    static let accelBuffering = literal("X-Accel-Buffering")
    /// `X-CSRF-Token`: the session's CSRF token, sent by the pages' scripts.
    static let csrfToken = literal("X-CSRF-Token")
    /// `X-Forwarded-Proto`: the scheme a TLS-terminating proxy received.
    static let forwardedProto = literal("X-Forwarded-Proto")
    /// `X-Forwarded-Host`: the host a proxy received.
    static let forwardedHost = literal("X-Forwarded-Host")
    /// `Origin`: the site a browser sent the request from.
    static let origin = literal("Origin")
    /// `Sec-Fetch-Site`: whether a browser's request comes from the same site.
    static let secFetchSite = literal("Sec-Fetch-Site")
    /// `X-Content-Type-Options`.
    static let contentTypeOptions = literal("X-Content-Type-Options")
    /// `Server-Timing`: where a page's time went.
    static let serverTiming = literal("Server-Timing")
    /// `Referrer-Policy`.
    static let referrerPolicy = literal("Referrer-Policy")

    /// A header name written in the source; a typo there is a programming error.
    static func literal(_ name: StaticString) -> HTTPField.Name {
        guard let field = HTTPField.Name("\(name)") else { preconditionFailure("invalid header name \(name)") }
        return field
    }
}
