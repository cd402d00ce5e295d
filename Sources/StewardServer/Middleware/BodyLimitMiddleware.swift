import HTTPTypes
public import Hummingbird

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
