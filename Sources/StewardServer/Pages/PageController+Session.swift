import HTTPTypes
import Hummingbird
import Logging
import StewardCore

/// Signing in with an API key (exchanged for a session cookie) and signing out.
extension PageController {
    /// The roles that may sign in, as the sign-in page names them: those `signIn` accepts
    /// ("auditor, operator or admin").
    static var signInRoles: String {
        let names = Role.allCases.filter(\.isPerson).map(\.rawValue)
        return names.count < 2 ? names.joined() : names.dropLast().joined(separator: ", ") + " or " + (names.last ?? "")
    }

    @Sendable func signInPage(_ request: Request, context: StewardRequestContext) async throws -> Response {
        guard directory != nil else { return .redirect(to: PagePaths.fleet) }  // --no-auth: nobody signs in
        let next = request.uri.queryParameters["next"].map(String.init)
        return try renderer.page("sign-in", ["title": "Sign in", "roles": Self.signInRoles, "next": PagePaths.safeNext(next), "problem": flash(request)?["text"] as Any])
    }

    @Sendable func signIn(_ request: Request, context: StewardRequestContext) async throws -> Response {
        guard let directory else { return .redirect(to: PagePaths.fleet) }
        let fields = try await form(request, context: context)
        let next = PagePaths.safeNext(fields["next"])
        func refuse(_ why: String) throws -> Response {
            try renderer.page("sign-in", ["title": "Sign in", "roles": Self.signInRoles, "next": next, "problem": why], status: .unauthorized)
        }
        // Signed in from another site's form, a browser would run as the attacker's key (login CSRF):
        // a form posted across sites is refused, by the browser's own word (Sec-Fetch-Site, Origin).
        guard !Self.crossSite(request) else {
            return try renderer.page("sign-in", ["title": "Sign in", "roles": Self.signInRoles, "next": next, "problem": "Sign in from this page: a sign-in sent by another site is refused."], status: .forbidden)
        }
        guard let token = fields.text("key") else { return try refuse("Enter your API key.") }
        guard let principal = try await directory.principal(forToken: token) else { return try refuse("That API key is not valid (or was revoked).") }
        if let reason = directory.suspension(of: principal) { return try refuse("That key cannot sign in: \(reason).") }
        guard principal.role.isPerson else {
            return try refuse("Agent keys cannot sign in to the Control Center: use an \(Self.signInRoles) key.")
        }
        let session = try await sessions.issue(keyID: principal.keyID, now: clock.now())
        var response = Response.redirect(to: next)
        response.setCookie(Cookie(
            name: SessionKeys.cookieName, value: session.cookieValue, maxAge: Int(sessions.lifetimeMilliseconds / 1000), path: "/",
            secure: Self.overTLS(request), httpOnly: true, sameSite: .strict))
        context.logger.info("signed in to the Control Center", metadata: ["key": "\(principal.keyID)", "role": "\(principal.role.rawValue)"])
        return response
    }

    @Sendable func signOut(_ request: Request, context: StewardRequestContext) async throws -> Response {
        // Ended on the server too: clearing the cookie alone would leave a copied cookie working until it expires.
        if let session = context.session {
            try await sessions.end(session, now: clock.now())
            context.logger.info("signed out of the Control Center", metadata: ["key": "\(session.keyID)"])
        }
        var response = Response.redirect(to: directory == nil ? PagePaths.fleet : PagePaths.signIn)
        response.setCookie(Cookie(
            name: SessionKeys.cookieName, value: "", maxAge: 0, path: "/", secure: Self.overTLS(request), httpOnly: true, sameSite: .strict))
        return response
    }

    /// Whether the browser reached us over TLS (directly or through a proxy that says so).
    static func overTLS(_ request: Request) -> Bool {
        request.uri.scheme == .https || request.headers[.forwardedProto]?.lowercased() == "https"
    }

    /// Whether the browser says the request came from another site: `Sec-Fetch-Site: cross-site`;
    /// from a browser that does not send it, an `Origin` naming neither the host the request was
    /// sent to nor the one a proxy forwarded (`X-Forwarded-Host`).
    static func crossSite(_ request: Request) -> Bool {
        if let site = request.headers[.secFetchSite] { return site == "cross-site" }
        guard let origin = request.headers[.origin] else { return false }
        guard origin != "null" else { return true }
        let originHost = origin.split(separator: "/").dropFirst().first.map { $0.lowercased() }
        return ![request.head.authority, request.headers[.forwardedHost]].compactMap { $0?.lowercased() }.contains { $0 == originHost }
    }
}
