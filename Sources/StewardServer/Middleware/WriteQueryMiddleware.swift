public import Hummingbird

/// Refuses a query parameter on an API write that takes none (422 naming it), as reads refuse
/// theirs: `POST /v1/actions?dryRun=true` would otherwise record a real proposal while its client
/// believed it was trying one.
public struct WriteQueryMiddleware: RouterMiddleware {
    public typealias Context = StewardRequestContext

    /// The writes that read their own query (and check it), by path pattern;
    /// `QueryParameterTests` holds this list to the writes openapi.yaml gives query parameters.
    static let readingTheirQuery: [[Substring]] = [["v1", "executions"], ["v1", "experiments", "*", "evaluate"]]

    /// The middleware.
    public init() {}

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        // Most writes carry no query at all: nothing to read then.
        guard request.uri.query?.isEmpty == false, ![.get, .head, .options].contains(request.method), path.hasPrefix("/v1/"),
              !Self.readsItsQuery(path) else {
            return try await next(request, context)
        }
        try Query(request).finish()
        return try await next(request, context)
    }

    /// Whether the write at `path` takes query parameters of its own.
    static func readsItsQuery(_ path: String) -> Bool {
        let segments = path.split(separator: "/")
        return readingTheirQuery.contains { pattern in
            pattern.count == segments.count && zip(pattern, segments).allSatisfy { $0 == "*" || $0 == $1 }
        }
    }
}
