public import StewardCore
import StewardEngine
import Crypto
import Foundation
import Synchronization

/// Signs and checks Control Center session cookies and their CSRF tokens.
///
/// A session cookie is `<key id>.<expiry ms>.<nonce>.<HMAC>`, signed with a secret kept among
/// Steward's own rows (the same on every replica, so a restart or another replica keeps people
/// signed in). The key behind a session is looked up on every request, so revoking the key ends
/// its sessions; signing out records the session as ended (``EndedSessions``), so a copy of the
/// cookie stops working too. The CSRF token is an HMAC of the session's nonce: a page can print it,
/// another site cannot know it.
public final class SessionKeys: Sendable {
    /// The cookie's name.
    public static let cookieName = "steward_session"
    /// The form field and header that carry the CSRF token.
    public static let csrfField = "csrf"

    private let secrets: SigningSecrets
    private let loaded = Mutex<[UInt8]?>(nil)
    private let ended: EndedSessions
    /// How long a session lasts.
    public let lifetimeMilliseconds: Int64

    /// Session keys whose secret and ended sessions live in `store`; a sign-out on another replica
    /// applies here within `endedCacheMilliseconds` (as a key's revocation does).
    public init(store: any Store, lifetimeMilliseconds: Int64 = 12 * 3_600_000, endedCacheMilliseconds: Int64 = 30_000) {
        self.secrets = SigningSecrets(store: store, collection: "session_secrets")
        self.ended = EndedSessions(store: store, cacheMilliseconds: endedCacheMilliseconds)
        self.lifetimeMilliseconds = lifetimeMilliseconds
    }

    /// A signed session for `keyID` starting at `now`.
    public func issue(keyID: String, now: Timestamp) async throws(StoreError) -> Session {
        var generator = SystemRandomNumberGenerator()
        let nonce = Digest.hex((0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) })
        let expiry = now.adding(milliseconds: lifetimeMilliseconds)
        let body = "\(keyID).\(expiry.millisecondsSinceEpoch).\(nonce)"
        let secret = try await secret()
        return Session(keyID: keyID, expiresAt: expiry, nonce: nonce, cookieValue: body + "." + Self.sign(body, secret), csrfToken: Self.sign("csrf." + nonce, secret))
    }

    /// The session a cookie value stands for, or nil when it is forged, malformed, expired or signed out.
    public func session(cookie value: String, now: Timestamp) async throws(StoreError) -> Session? {
        let parts = value.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 4, let expiryMs = Int64(parts[1]) else { return nil }
        let body = parts[0...2].joined(separator: ".")
        let secret = try await secret()
        guard APIKey.constantTimeEqual(Self.sign(body, secret), parts[3]) else { return nil }
        let expiry = Timestamp(millisecondsSinceEpoch: expiryMs)
        guard now < expiry else { return nil }
        let session = Session(keyID: parts[0], expiresAt: expiry, nonce: parts[2], cookieValue: value, csrfToken: Self.sign("csrf." + parts[2], secret))
        guard try await !ended.isEnded(session, now: now) else { return nil }
        return session
    }

    /// Signs `session` out on every replica: its cookie, and any copy of it, is refused from now on.
    public func end(_ session: Session, now: Timestamp) async throws(StoreError) {
        try await ended.end(session, now: now)
    }

    /// The CSRF token of a server run without keys (`--no-auth`), where there is no session.
    public func anonymousCSRFToken() async throws(StoreError) -> String {
        Self.sign("csrf.no-auth", try await secret())
    }

    private func secret() async throws(StoreError) -> [UInt8] {
        if let cached = loaded.withLock({ $0 }) { return cached }
        let bytes = Array(try await secrets.secret(for: "control-center").utf8)
        loaded.withLock { $0 = bytes }
        return bytes
    }

    static func sign(_ text: String, _ secret: [UInt8]) -> String {
        Digest.hex(Array(HMAC<SHA256>.authenticationCode(for: Array(text.utf8), using: SymmetricKey(data: secret))))
    }
}

/// A signed-in person's session.
public struct Session: Sendable, Hashable {
    /// The API key it was opened with.
    public var keyID: String
    /// When it ends.
    public var expiresAt: Timestamp
    /// Its random part.
    public var nonce: String
    /// The cookie's value.
    public var cookieValue: String
    /// The token every state-changing form carries.
    public var csrfToken: String
}
