public import Hummingbird
import HTTPTypes

/// Refuses a request body sent with a `Content-Encoding` other than `identity` (415). Steward does
/// not decompress: without this a gzipped body would be read as if it were the plain bytes, and a
/// plain body labelled gzip would be accepted under a label that says otherwise.
public struct ContentEncodingMiddleware: RouterMiddleware {
    public typealias Context = StewardRequestContext

    /// The middleware.
    public init() {}

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        // A transfer coding other than chunked (gzip, deflate) would be read as the plain bytes:
        // not implemented, as RFC 9112 §6.1 answers it.
        if let transfer = request.headers[.transferEncoding],
           let coding = transfer.split(separator: ",").map({ String($0).trimmingSpaces.lowercased() }).first(where: { !["chunked", "identity", ""].contains($0) }) {
            var problem = Problem(
                .notImplemented, detail: "the body is sent with Transfer-Encoding \(coding); Steward reads only chunked bodies, not decompressing any",
                errors: [.init(field: "Transfer-Encoding", reason: "only chunked is accepted")])
            problem.closesConnection = true
            throw problem
        }
        guard let header = request.headers[.contentEncoding], Self.hasBody(request) else { return try await next(request, context) }
        // A list names the codings in the order they were applied; each must be the identity.
        let codings = header.split(separator: ",").map { String($0).trimmingSpaces.lowercased() }.filter { !$0.isEmpty }
        if let coding = codings.first(where: { $0 != "identity" }) {
            throw Problem(
                .unsupportedMediaType,
                detail: "the body is sent with Content-Encoding \(coding); Steward does not decompress, only identity is accepted",
                errors: [.init(field: "Content-Encoding", reason: "only identity is accepted")])
        }
        return try await next(request, context)
    }

    /// Whether the request says it carries a body (a non-zero length, or chunks).
    static func hasBody(_ request: Request) -> Bool {
        if let length = request.headers[.contentLength] { return length != "0" }
        return request.headers[.transferEncoding] != nil
    }
}
