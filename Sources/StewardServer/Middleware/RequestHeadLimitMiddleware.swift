public import Hummingbird
import HTTPTypes

/// Refuses a request whose target is too long (414) or one of whose header fields is too long
/// (431), naming what was too long, before anything reads them.
///
/// The HTTP parser's own limits (``RequestHeadLimits/parser``) are far above these, so a request
/// a little over them reaches this middleware and gets a problem document naming the offending
/// part; one over the parser's limits is answered by ``MalformedRequestHandler`` instead.
public struct RequestHeadLimitMiddleware: RouterMiddleware {
    public typealias Context = StewardRequestContext

    /// The middleware.
    public init() {}

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let target = request.head.path?.utf8.count ?? 0
        if target > RequestHeadLimits.target {
            throw Problem(
                .uriTooLong,
                detail: "the request target (path and query) is \(target) bytes; the limit is \(RequestHeadLimits.target)",
                errors: [.init(field: "target", reason: "must be at most \(RequestHeadLimits.target) bytes")])
        }
        for field in request.headers {
            let size = field.name.rawName.utf8.count + field.value.utf8.count
            guard size > RequestHeadLimits.field else { continue }
            throw Problem(
                .requestHeaderFieldsTooLarge,
                detail: "the \(field.name.rawName) header is \(size) bytes; the limit for one header field (name and value) is \(RequestHeadLimits.field)",
                errors: [.init(field: field.name.rawName, reason: "must be at most \(RequestHeadLimits.field) bytes")])
        }
        return try await next(request, context)
    }
}
