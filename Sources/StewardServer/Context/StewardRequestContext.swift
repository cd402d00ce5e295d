public import Hummingbird
public import StewardCore

/// The per-request context: Hummingbird's core storage plus who is asking.
public struct StewardRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The authenticated principal; nil only on public routes (health, metrics, the OpenAPI document).
    public var principal: Principal?
    /// The Control Center session the request came with, if any.
    public var session: Session?
    /// The CSRF token the request's forms must carry (set for sessions and for pages under `--no-auth`).
    public var csrfToken: String?
    /// Whether the credentials came with the browser by themselves (a cookie, or `--no-auth`), so
    /// state-changing requests must prove they came from our own pages.
    public var ambient = false
    /// Whether the request's key (or session) still holds, asked again later by long-lived
    /// responses such as the event stream; nil when nothing can be revoked (`--no-auth`).
    public var credentialHolds: (@Sendable () async -> Bool)?
    /// The request body limit, set from configuration by ``BodyLimitMiddleware``.
    public var maxUploadSize: Int = 1_048_576

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
    }

    /// The principal, or 401 when the route was reached without one.
    public func authenticated() throws -> Principal {
        guard let principal else { throw Problem.unauthorized("this endpoint needs an API key (Authorization: Bearer <key>)") }
        return principal
    }

    /// The principal if its role may do, for `access`, what needs `role`, otherwise 403. Unsaid,
    /// `access` is a write: a route that changes things cannot be let through to an auditor by
    /// forgetting to say so.
    public func require(_ role: Role, for access: Access = .write) throws -> Principal {
        let principal = try authenticated()
        guard principal.role.permits(role, for: access) else {
            if principal.role.permits(role, for: .read) {
                throw Problem.forbidden(
                    "this changes things and needs the \(role.rawValue) role; key '\(principal.keyID)' has \(principal.role.rawValue), which only reads")
            }
            throw Problem.forbidden("this needs the \(role.rawValue) role; key '\(principal.keyID)' has \(principal.role.rawValue)")
        }
        return principal
    }
}
