public import Hummingbird
import HTTPTypes

/// Refuses an API request body whose `Content-Type` is not what the endpoint reads (415), so a
/// body sent as `text/plain` or a form is not read as JSON by accident.
///
/// Every `/v1` body is JSON (`application/json`); `POST /v1/signals` and `POST /v1/executions`
/// also take NDJSON. A `charset` parameter, if sent, must be UTF-8 (or US-ASCII, its subset): the
/// body is read as UTF-8, so UTF-16 or Latin-1 bytes would be misread rather than refused. A body
/// sent without a `Content-Type` is read as JSON, as before. The Control Center's pages post forms
/// and are not under `/v1`.
public struct MediaTypeMiddleware: RouterMiddleware {
    public typealias Context = StewardRequestContext

    static let json = "application/json"
    static let ndjson = ["application/x-ndjson", "application/ndjson"]
    /// The endpoints that also read a body of one JSON value per line.
    static let ndjsonPaths: Set<String> = ["/v1/signals", "/v1/executions"]
    /// The charsets whose bytes read the same as UTF-8.
    static let charsets: Set<String> = ["utf-8", "us-ascii"]

    /// The middleware.
    public init() {}

    /// Whether the body is NDJSON (a media type is matched in any letter case, RFC 9110 §8.3.1).
    static func isNDJSON(_ request: Request) -> Bool {
        guard let header = request.headers[.contentType] else { return false }
        let media = header.split(separator: ";", maxSplits: 1).first.map { String($0).trimmingSpaces.lowercased() } ?? ""
        return ndjson.contains(media)
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard [.post, .put, .patch].contains(request.method), request.uri.path.hasPrefix("/v1/"),
              let header = request.headers[.contentType], request.headers[.contentLength] != "0" else {
            return try await next(request, context)
        }
        let parts = header.split(separator: ";", omittingEmptySubsequences: false).map { String($0).trimmingSpaces }
        let media = (parts.first ?? "").lowercased()
        let accepted = Self.accepted(at: request.uri.path)
        guard accepted.contains(media) else {
            throw Problem(
                .unsupportedMediaType,
                detail: "this endpoint reads \(accepted.joined(separator: " or ")), not \(media.isEmpty ? "an empty Content-Type" : media)",
                errors: [.init(field: "Content-Type", reason: "must be \(accepted.joined(separator: " or "))")])
        }
        if let charset = Self.charset(in: parts.dropFirst()), !Self.charsets.contains(charset) {
            throw Problem(
                .unsupportedMediaType,
                detail: "the body is read as UTF-8, not \(charset); send it as UTF-8 with charset=utf-8 or no charset",
                errors: [.init(field: "Content-Type", reason: "charset must be utf-8, not \(charset)")])
        }
        return try await next(request, context)
    }

    /// The media types a body sent to `path` may have.
    static func accepted(at path: String) -> [String] {
        ndjsonPaths.contains(path) ? [json] + ndjson : [json]
    }

    /// The `charset` parameter among a `Content-Type`'s parameters, lowercased and unquoted.
    static func charset(in parameters: some Sequence<String>) -> String? {
        for parameter in parameters {
            guard let equals = parameter.firstIndex(of: "="),
                  String(parameter[..<equals]).trimmingSpaces.lowercased() == "charset" else { continue }
            var value = Substring(String(parameter[parameter.index(after: equals)...]).trimmingSpaces)
            if value.count >= 2, value.first == "\"", value.last == "\"" { value = value.dropFirst().dropLast() }
            return value.lowercased()
        }
        return nil
    }
}
