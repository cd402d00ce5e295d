import Foundation
import Testing
import StewardCore
import StewardServer
import StewardSQLite
import StewardTestSupport

/// Session cookies: signed, expiring, the same secret on every replica, one CSRF token each, and
/// refused on every replica once signed out.
@Suite("Session keys")
struct SessionKeysTests {
    @Test func aSessionIsSignedExpiresAndSurvivesARestart() async throws {
        let dir = try TemporaryDirectory(prefix: "steward-sessions")
        defer { dir.remove() }
        let store = try SQLiteStore(path: dir.file("s.sqlite"))
        let now = Timestamp(millisecondsSinceEpoch: 1_767_225_600_000)
        let keys = SessionKeys(store: store, lifetimeMilliseconds: 60_000)
        let session = try await keys.issue(keyID: "abc123", now: now)
        let read = try #require(try await keys.session(cookie: session.cookieValue, now: now.adding(milliseconds: 59_999)))
        #expect(read.keyID == "abc123")
        #expect(read.csrfToken == session.csrfToken)
        #expect(try await keys.session(cookie: session.cookieValue, now: now.adding(milliseconds: 60_000)) == nil)

        // Another replica (or the next start) reads the same secret from the store.
        let replica = SessionKeys(store: store, lifetimeMilliseconds: 60_000)
        #expect(try await replica.session(cookie: session.cookieValue, now: now)?.keyID == "abc123")

        // Changing any part breaks the signature: the key id, the expiry, the nonce.
        let parts = session.cookieValue.split(separator: ".").map(String.init)
        for tampered in [
            (["other1"] + parts[1...]).joined(separator: "."),
            ([parts[0], String(Int64(parts[1])! + 3_600_000)] + parts[2...]).joined(separator: "."),
            ([parts[0], parts[1], String(repeating: "a", count: 32), parts[3]]).joined(separator: "."),
            "garbage", "",
        ] {
            #expect(try await keys.session(cookie: tampered, now: now) == nil, "\(tampered)")
        }
        let second = try await keys.issue(keyID: "abc123", now: now)
        #expect(second.csrfToken != session.csrfToken)
        #expect(try await keys.anonymousCSRFToken() != session.csrfToken)
    }

    /// A sign-out applies at once where it was made and within the cache time on a replica that
    /// had looked the session up just before. Once its session has expired, a later sign-out
    /// forgets its row.
    @Test func aSignedOutSessionIsRefusedOnEveryReplica() async throws {
        let dir = try TemporaryDirectory(prefix: "steward-sign-out")
        defer { dir.remove() }
        let store = try SQLiteStore(path: dir.file("s.sqlite"))
        let now = Timestamp(millisecondsSinceEpoch: 1_767_225_600_000)
        let here = SessionKeys(store: store, lifetimeMilliseconds: 60_000, endedCacheMilliseconds: 30_000)
        let replica = SessionKeys(store: store, lifetimeMilliseconds: 60_000, endedCacheMilliseconds: 30_000)
        let session = try await here.issue(keyID: "abc123", now: now)
        let kept = try await here.issue(keyID: "abc123", now: now)
        #expect(try await replica.session(cookie: session.cookieValue, now: now) != nil)

        try await here.end(session, now: now.adding(milliseconds: 1_000))
        #expect(try await here.session(cookie: session.cookieValue, now: now.adding(milliseconds: 1_000)) == nil)
        // The replica trusts what it read for the cache time, then reads the row again.
        #expect(try await replica.session(cookie: session.cookieValue, now: now.adding(milliseconds: 29_999)) != nil)
        #expect(try await replica.session(cookie: session.cookieValue, now: now.adding(milliseconds: 30_000)) == nil)
        // A replica that starts afterwards refuses it at once; other sessions of the key go on.
        let started = SessionKeys(store: store, lifetimeMilliseconds: 60_000)
        #expect(try await started.session(cookie: session.cookieValue, now: now.adding(milliseconds: 2_000)) == nil)
        #expect(try await started.session(cookie: kept.cookieValue, now: now.adding(milliseconds: 2_000)) != nil)

        let later = try await here.issue(keyID: "abc123", now: now.adding(milliseconds: 60_000))
        try await here.end(later, now: now.adding(milliseconds: 60_000))
        let rows = try await store.projections(ProjectionQuery(tenant: SystemCollections.namespace, collection: "ended_sessions"))
        #expect(rows.map(\.id) == ["001767225720000-" + later.nonce], "the first session's row was forgotten once it expired")
    }
}
