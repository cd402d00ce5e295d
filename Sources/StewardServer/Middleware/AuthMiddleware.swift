public import Hummingbird

public import StewardCore
import Logging

/// Authenticates `Authorization: Bearer <key>` and puts the principal in the context.
///
/// Public paths (health, readiness, metrics, the OpenAPI document) need no key. With `--no-auth`
/// (allowed only on a loopback address) every request acts as the admin of the default tenant.
public struct AuthMiddleware: RouterMiddleware {
    public typealias Context = StewardRequestContext

    /// How requests are authenticated.
    public enum Mode: Sendable {
        /// API keys are required.
        case keys(KeyDirectory)
        /// Every request is this principal (local development only).
        case disabled(as: Principal)
    }

    let mode: Mode
    static let publicPaths: Set<String> = ["/healthz", "/readyz", "/metrics", "/openapi.yaml"]

    /// Authentication in the given mode.
    public init(mode: Mode) { self.mode = mode }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        switch mode {
        case .disabled(let principal):
            context.principal = principal
        case .keys(let directory):
            if let header = request.headers[.authorization] {
                let parts = header.split(separator: " ", maxSplits: 1)
                guard parts.count == 2, parts[0].lowercased() == "bearer" else {
                    throw Problem.unauthorized("the Authorization header must be 'Bearer <key>'")
                }
                guard let principal = try await directory.principal(forToken: String(parts[1]).trimmingSpaces) else {
                    throw Problem.unauthorized("the API key is not valid")
                }
                context.principal = principal
                context.logger[metadataKey: "principal"] = "\(principal.actor)"
            } else if !Self.publicPaths.contains(request.uri.path) {
                throw Problem.unauthorized("this endpoint needs an API key (Authorization: Bearer <key>)")
            }
        }
        return try await next(request, context)
    }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while s.first == " " { s = s.dropFirst() }
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}
