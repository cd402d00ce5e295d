public import Hummingbird
public import StewardCore
import Foundation
import HTTPTypes
import Logging

/// Authenticates a request and puts the principal in the context.
///
/// API clients send `Authorization: Bearer <key>`. People in the Control Center carry a session
/// cookie instead (see ``SessionKeys``); because a browser sends cookies by itself, every
/// state-changing request made with one must also carry the session's CSRF token (the `csrf` form
/// field or the `X-CSRF-Token` header). Public paths (health, readiness, metrics, the OpenAPI
/// document, the sign-in page and the pages' assets) need neither. With `--no-auth` (allowed only on
/// a loopback address) every request acts as the admin of the default tenant.
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
    let sessions: SessionKeys?
    let clock: any WallClock
    static let publicPaths: Set<String> = ["/healthz", "/readyz", "/metrics", "/openapi.yaml", PagePaths.signIn]
    /// Probes and scrapes: whatever credentials they carry are not looked at, so a probe whose
    /// client sends a header everywhere neither fails on it nor waits for the database to check it.
    static let probePaths: Set<String> = ["/healthz", "/readyz", "/metrics"]

    /// Authentication in the given mode; `sessions` enables the Control Center's cookies.
    public init(mode: Mode, sessions: SessionKeys? = nil, clock: any WallClock) {
        self.mode = mode
        self.sessions = sessions
        self.clock = clock
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        let path = request.uri.path
        switch mode {
        case .disabled(let principal):
            context.principal = principal
            if let sessions, PagePaths.isPage(path) {
                context.csrfToken = try await sessions.anonymousCSRFToken()
                context.ambient = true
            }
        case .keys where Self.probePaths.contains(path):
            break
        case .keys(let directory):
            if let header = request.headers[.authorization] {
                let parts = header.split(separator: " ", maxSplits: 1)
                guard parts.count == 2, parts[0].lowercased() == "bearer" else {
                    throw Problem.unauthorized("the Authorization header must be 'Bearer <key>'")
                }
                let token = String(parts[1]).trimmingSpaces
                guard let principal = try await directory.principal(forToken: token) else {
                    throw Problem.unauthorized("the API key is not valid")
                }
                context.principal = principal
                context.credentialHolds = { (try? await directory.principal(forToken: token)) != nil }
            } else if let sessions, let cookie = request.cookies[SessionKeys.cookieName],
                      let session = try await sessions.session(cookie: cookie.value, now: clock.now()),
                      let principal = try await directory.principal(forKeyID: session.keyID) {
                context.principal = principal
                context.session = session
                context.csrfToken = session.csrfToken
                context.ambient = true
                let (value, clock) = (cookie.value, clock)
                context.credentialHolds = {
                    guard let session = try? await sessions.session(cookie: value, now: clock.now()) else { return false }
                    return (try? await directory.principal(forKeyID: session.keyID)) != nil
                }
            } else if Self.publicPaths.contains(path) || PagePaths.isAsset(path) {
                break
            } else if PagePaths.isPage(path) {
                return .redirect(to: PagePaths.signInRedirect(from: request))
            } else {
                throw Problem.unauthorized("this endpoint needs an API key (Authorization: Bearer <key>)")
            }
        }
        if case .keys(let directory) = mode, let principal = context.principal, let reason = directory.suspension(of: principal) {
            throw Problem.forbidden(reason)
        }
        if let principal = context.principal { context.logger[metadataKey: "principal"] = "\(principal.actor)" }
        guard context.ambient, ![.get, .head, .options].contains(request.method) else { return try await next(request, context) }
        var request = request
        guard let expected = context.csrfToken, let sent = try await Self.csrfToken(in: &request, context: context),
              APIKey.constantTimeEqual(expected, sent) else {
            // A page's form (a stale tab after signing in again) goes back to a page that says so, not to JSON.
            if PagePaths.isPage(path) {
                return PageController.back(
                    to: Self.samePageReferer(request) ?? PagePaths.root,
                    "The form was out of date (its security token did not match your session); nothing was changed. Send it again from this page.",
                    kind: "problem")
            }
            throw Problem.forbidden("the CSRF token is missing or wrong: reload the page and send the form again")
        }
        return try await next(request, context)
    }

    /// The path of the Referer when it is one of our pages on this host, else nil.
    static func samePageReferer(_ request: Request) -> String? {
        guard let referer = request.headers[.referer], let url = URL(string: referer), PagePaths.isPage(url.path),
              url.host == nil || url.host == request.head.authority?.split(separator: ":").first.map(String.init) else { return nil }
        return url.path
    }

    /// The token from the header, or from the `csrf` field of a form body (the body stays readable).
    static func csrfToken(in request: inout Request, context: Context) async throws -> String? {
        if let header = request.headers[.csrfToken] { return header }
        guard request.headers[.contentType]?.hasPrefix("application/x-www-form-urlencoded") == true else { return nil }
        let body = try await request.collectBody(upTo: context.maxUploadSize)
        return FormFields(String(buffer: body))[SessionKeys.csrfField]
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
