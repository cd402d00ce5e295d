public import Hummingbird
import HTTPTypes

/// Refuses an API request body whose `Content-Type` is not what the endpoint reads (415), so a
/// body sent as `text/plain` or a form is not read as JSON by accident.
///
/// Every `/v1` body is JSON (`application/json`, any parameters such as `charset` allowed);
/// `POST /v1/signals` and `POST /v1/executions` also take NDJSON. A body sent without a
/// `Content-Type` is read as JSON, as before. The Control Center's pages post forms and are not
/// under `/v1`.
public struct MediaTypeMiddleware: RouterMiddleware {
    public typealias Context = StewardRequestContext

    static let json = "application/json"
    static let ndjson = ["application/x-ndjson", "application/ndjson"]
    /// The endpoints that also read a body of one JSON value per line.
    static let ndjsonPaths: Set<String> = ["/v1/signals", "/v1/executions"]

    /// The middleware.
    public init() {}

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard [.post, .put, .patch].contains(request.method), request.uri.path.hasPrefix("/v1/"),
              let header = request.headers[.contentType], request.headers[.contentLength] != "0" else {
            return try await next(request, context)
        }
        let media = String(header.prefix { $0 != ";" }).trimmingSpaces.lowercased()
        let accepted = Self.accepted(at: request.uri.path)
        guard accepted.contains(media) else {
            throw Problem(
                .unsupportedMediaType,
                detail: "this endpoint reads \(accepted.joined(separator: " or ")), not \(media.isEmpty ? "an empty Content-Type" : media)",
                errors: [.init(field: "Content-Type", reason: "must be \(accepted.joined(separator: " or "))")])
        }
        return try await next(request, context)
    }

    /// The media types a body sent to `path` may have.
    static func accepted(at path: String) -> [String] {
        ndjsonPaths.contains(path) ? [json] + ndjson : [json]
    }
}
