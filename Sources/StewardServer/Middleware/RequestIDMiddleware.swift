import HTTPTypes
public import Hummingbird

/// Echoes the request id Hummingbird puts in every log line as the `X-Request-Id` response header,
/// so a client report can be matched to the server's logs.
public struct RequestIDMiddleware: RouterMiddleware {
    public typealias Context = StewardRequestContext

    /// The middleware.
    public init() {}

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            var response = try await next(request, context)
            response.headers[.requestID] = context.id
            return response
        } catch let problem as Problem {
            var response = try problem.response(from: request, context: context)
            response.headers[.requestID] = context.id
            return response
        }
    }
}

/// Applies the configured request body limit; larger bodies are refused with 413.
public struct BodyLimitMiddleware: RouterMiddleware {
    public typealias Context = StewardRequestContext
    let maxBodyBytes: Int

    /// A limit of `maxBodyBytes` bytes.
    public init(maxBodyBytes: Int) { self.maxBodyBytes = maxBodyBytes }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if let length = request.headers[.contentLength].flatMap(Int.init), length > maxBodyBytes {
            throw Problem(.contentTooLarge, detail: "the request body is \(length) bytes; the limit is \(maxBodyBytes) (server.maxBodyBytes)")
        }
        var context = context
        context.maxUploadSize = maxBodyBytes
        return try await next(request, context)
    }
}

extension HTTPField.Name {
    /// `X-Request-Id`.
    static let requestID = literal("X-Request-Id")
    /// `Idempotency-Key`.
    static let idempotencyKey = literal("Idempotency-Key")
    /// `Last-Event-ID`, sent by an event-stream client that reconnects.
    static let lastEventID = literal("Last-Event-ID")
    /// `X-Accel-Buffering`: tells a proxy in front not to buffer the event stream.
    static let accelBuffering = literal("X-Accel-Buffering")
    /// `X-CSRF-Token`: the session's CSRF token, sent by the pages' scripts.
    static let csrfToken = literal("X-CSRF-Token")
    /// `X-Forwarded-Proto`: the scheme a TLS-terminating proxy received.
    static let forwardedProto = literal("X-Forwarded-Proto")
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
