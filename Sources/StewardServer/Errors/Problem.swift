import Foundation
public import HTTPTypes
public import Hummingbird
public import StewardCore

/// An RFC 9457 problem document: every error the API returns, naming each offending field.
public struct Problem: Error, HTTPResponseError, Sendable {
    /// One field that was wrong and why.
    public struct FieldError: Sendable, Hashable, Codable {
        /// The field, as a JSON path (`metrics.successRate`, `[3].agent`).
        public var field: String
        /// Why it was refused.
        public var reason: String

        /// A field error.
        public init(field: String, reason: String) {
            self.field = field
            self.reason = reason
        }
    }

    public let status: HTTPResponse.Status
    /// A short, stable summary of the problem type.
    public let title: String
    /// What went wrong in this occurrence, for a person.
    public let detail: String
    /// The offending fields, if the request content was at fault.
    public let errors: [FieldError]
    /// Seconds after which a retry may succeed (sent as `Retry-After` with 429 and 503).
    public let retryAfterSeconds: Int?
    /// The methods a 405's endpoint takes (sent as `Allow`).
    public let allow: [String]
    /// Whether the answer ends the connection (`Connection: close`): the request could not be read to its end.
    public var closesConnection = false

    /// A problem with the given status.
    public init(
        _ status: HTTPResponse.Status, title: String? = nil, detail: String, errors: [FieldError] = [], retryAfterSeconds: Int? = nil,
        allow: [String] = []
    ) {
        self.status = status
        self.allow = allow
        self.title = title ?? status.reasonPhrase
        self.detail = detail
        self.errors = errors
        self.retryAfterSeconds = retryAfterSeconds
    }

    /// 400: the request could not be read.
    public static func malformed(_ detail: String, errors: [FieldError] = []) -> Problem { Problem(.badRequest, detail: detail, errors: errors) }
    /// 401: no valid key (sent with `WWW-Authenticate: Bearer`).
    public static func unauthorized(_ detail: String) -> Problem { Problem(.unauthorized, detail: detail) }
    /// 403: a valid key without the needed role.
    public static func forbidden(_ detail: String, errors: [FieldError] = []) -> Problem { Problem(.forbidden, detail: detail, errors: errors) }
    /// 404: nothing there (also for another tenant's things, so their existence is not revealed).
    public static func notFound(_ detail: String) -> Problem { Problem(.notFound, detail: detail) }
    /// 409: conflicts with the current state.
    public static func conflict(_ detail: String) -> Problem { Problem(.conflict, detail: detail) }
    /// 422: well-formed but invalid.
    public static func invalid(_ detail: String, errors: [FieldError]) -> Problem { Problem(.unprocessableContent, detail: detail, errors: errors) }
    /// The `Retry-After` of a request the database could not serve (docs/replicas.md), however it failed.
    public static let storeRetryAfterSeconds = 5

    /// 503: not ready.
    public static func unavailable(_ detail: String, retryAfterSeconds: Int = 1) -> Problem {
        Problem(.serviceUnavailable, detail: detail, retryAfterSeconds: retryAfterSeconds)
    }

    /// The problem document as JSON.
    public var document: JSONValue {
        var members: [String: JSONValue] = [
            "type": .string("https://steward.dev/problems/\(status.code)"),
            "title": .string(title),
            "status": .int(Int64(status.code)),
            "detail": .string(detail),
        ]
        if !errors.isEmpty {
            members["errors"] = .array(errors.map { ["field": .string($0.field), "reason": .string($0.reason)] })
        }
        return .object(members)
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var headers: HTTPFields = [.contentType: "application/problem+json"]
        if let retryAfterSeconds { headers[.retryAfter] = String(retryAfterSeconds) }
        if !allow.isEmpty { headers[.allow] = allow.joined(separator: ", ") }
        if closesConnection { headers[.connection] = "close" }
        // RFC 9110 §11.6.1: a 401 names the scheme that would be accepted.
        if status == .unauthorized { headers[.wwwAuthenticate] = "Bearer" }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// The problem document as a response body: canonical JSON and a newline.
    public var bytes: [UInt8] {
        var body = (try? CanonicalJSON.encode(document)) ?? Array(#"{"status":500}"#.utf8)
        body.append(UInt8(ascii: "\n"))
        return body
    }
}
