import HTTPTypes
public import Hummingbird

/// Headers every answer carries, problems included: `X-Request-Id`, the id Hummingbird puts in
/// every log line, so a client report can be matched to the server's logs;
/// `X-Content-Type-Options: nosniff`, so a browser never runs a JSON or CSV answer as something
/// else; and on the API, `Cache-Control: no-store` unless the route set its own, since every `/v1`
/// answer is one tenant's data (keys, secrets, the ledger).
public struct ResponseHeadersMiddleware: RouterMiddleware {
    public typealias Context = StewardRequestContext

    /// The middleware.
    public init() {}

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch let problem as Problem {
            response = try problem.response(from: request, context: context)
        }
        response.headers[.requestID] = context.id
        response.headers[.contentTypeOptions] = "nosniff"
        if request.uri.path.hasPrefix("/v1/"), response.headers[.cacheControl] == nil {
            response.headers[.cacheControl] = "no-store"
        }
        return response
    }
}
