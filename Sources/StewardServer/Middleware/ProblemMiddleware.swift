import Foundation
public import Hummingbird
import Logging
import NIOHTTP1
import StewardCore

/// Turns every error a route throws into a problem document, so clients see one error format.
public struct ProblemMiddleware: RouterMiddleware {
    public typealias Context = StewardRequestContext

    /// The middleware.
    public init() {}

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let problem as Problem where problem.status.code >= 500 && ![.serviceUnavailable, .notImplemented].contains(problem.status) {
            // The cause goes to the log under the request id; the client gets the id to quote.
            context.logger.error("request failed", metadata: ["status": "\(problem.status.code)", "error": "\(problem.detail)"])
            throw Problem(problem.status, detail: "an internal error occurred; the request id is \(context.id)")
        } catch let problem as Problem {
            throw problem
        } catch let error as DecodingError {
            throw Self.problem(for: error)
        } catch let error as HTTPParserError {
            // The body's framing (chunk sizes, Transfer-Encoding) was broken after a valid head:
            // the client's mistake, and the parser cannot read on, so the connection ends here.
            var problem = Problem(
                .badRequest, detail: "the request body is not valid HTTP/1.1 framing (\(MalformedRequestHandler.explanation(of: error))); nothing was changed")
            problem.closesConnection = true
            throw problem
        } catch let error as HTTPError {
            // No route took it: a documented path with another method is a 405 naming the methods.
            if error.status == .notFound, error.body == nil, let allowed = DocumentedRoutes.shipped.methods(for: request.uri.path),
               !allowed.isEmpty, !allowed.contains(request.method.rawValue) {
                throw Problem(.methodNotAllowed, detail: "\(request.method.rawValue) is not allowed here; this endpoint takes \(allowed.joined(separator: ", "))", allow: allowed)
            }
            let detail = error.body ?? Self.defaultDetail(error.status)
            throw Problem(error.status, detail: detail)
        } catch let error as any HTTPResponseError {
            throw Problem(error.status, detail: Self.defaultDetail(error.status))
        } catch let error as StoreError where error.code == .unavailable {
            // The database is away (or did not answer in time): retry later, as a load balancer would.
            context.logger.warning("store unavailable", metadata: ["error": "\(error)"])
            throw Problem.unavailable("the store is unavailable: \(error.reason)", retryAfterSeconds: Problem.storeRetryAfterSeconds)
        } catch {
            context.logger.error("request failed", metadata: ["error": "\(error)"])
            throw Problem(.internalServerError, detail: "an internal error occurred; the request id is \(context.id)")
        }
    }

    static func defaultDetail(_ status: HTTPResponse.Status) -> String {
        switch status.code {
        case 404: "no such endpoint"
        case 405: "method not allowed on this endpoint"
        case 413: "the request body is larger than the configured limit (server.maxBodyBytes)"
        default: status.reasonPhrase
        }
    }

    /// A JSON body that did not decode: 400 with the path of the field at fault.
    static func problem(for error: DecodingError) -> Problem {
        func path(_ codingPath: [any CodingKey]) -> String {
            codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".").replacingOccurrences(of: ".[", with: "[")
        }
        switch error {
        case .keyNotFound(let key, let context):
            let field = path(context.codingPath + [key])
            return .malformed("missing required field '\(field)'", errors: [.init(field: field, reason: "is required")])
        case .typeMismatch(let type, let context):
            let field = path(context.codingPath)
            return .malformed("field '\(field)' has the wrong type", errors: [.init(field: field, reason: "expected \(type)")])
        case .valueNotFound(let type, let context):
            let field = path(context.codingPath)
            return .malformed("field '\(field)' is null", errors: [.init(field: field, reason: "expected \(type), found null")])
        case .dataCorrupted(let context):
            let field = path(context.codingPath)
            return .malformed(
                field.isEmpty ? "the body is not valid JSON" : "field '\(field)' is invalid",
                errors: field.isEmpty ? [] : [.init(field: field, reason: context.debugDescription)])
        @unknown default:
            return .malformed("the body could not be read")
        }
    }
}
