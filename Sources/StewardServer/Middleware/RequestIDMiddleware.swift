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
            throw Problem(.contentTooLarge, detail: "the request body is \(length) bytes; the limit is \(maxBodyBytes)")
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

    /// A header name written in the source; a typo there is a programming error.
    static func literal(_ name: StaticString) -> HTTPField.Name {
        guard let field = HTTPField.Name("\(name)") else { preconditionFailure("invalid header name \(name)") }
        return field
    }
}
