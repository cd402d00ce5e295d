import StewardCore
import Synchronization

/// Sessions that were signed out before they expired, kept among Steward's own rows so every
/// replica refuses them.
///
/// A row's id starts with the session's expiry, so rows list oldest-expiry first and each sign-out
/// forgets a few rows whose session has expired anyway. What a replica looked up is cached like
/// API keys (``KeyDirectory``): a page request costs no database read while its answer is fresh,
/// a sign-out applies at once on the replica that served it and within the cache time elsewhere.
final class EndedSessions: Sendable {
    private struct Cached {
        let ended: Bool
        let checkedAt: Timestamp
        let expiresAt: Timestamp
    }

    /// Where the rows live, beside the secret that signs the cookies (`session_secrets`).
    static let collection = "ended_sessions"

    private let store: any Store
    private let cache = Mutex<[String: Cached]>([:])
    /// How long an answer is trusted before the row is read again.
    let cacheMilliseconds: Int64
    /// Past this many cached answers, stale ones are dropped (they would be read again anyway).
    private static let cacheLimit = 4096
    /// How many expired rows one sign-out forgets at most.
    private static let forgetBatch = 50

    init(store: any Store, cacheMilliseconds: Int64) {
        self.store = store
        self.cacheMilliseconds = cacheMilliseconds
    }

    /// Whether `session` was signed out.
    func isEnded(_ session: Session, now: Timestamp) async throws(StoreError) -> Bool {
        let id = Self.rowID(session)
        if let cached = cache.withLock({ $0[id] }), cached.ended || now.milliseconds(since: cached.checkedAt) < cacheMilliseconds {
            return cached.ended
        }
        let ended = try await store.projection(tenant: SystemCollections.namespace, collection: Self.collection, id: id) != nil
        remember(id, Cached(ended: ended, checkedAt: now, expiresAt: session.expiresAt), now: now)
        return ended
    }

    /// Records `session` as signed out, and forgets rows of sessions that have expired since.
    func end(_ session: Session, now: Timestamp) async throws(StoreError) {
        let id = Self.rowID(session)
        let oldest = try await store.projectionVersions(ProjectionQuery(
            tenant: SystemCollections.namespace, collection: Self.collection, limit: Self.forgetBatch))
        let expired = oldest.filter { Self.expiry(ofRowID: $0.key.id).map { $0 <= now } ?? false }
        let row = ProjectionDocument(
            tenant: SystemCollections.namespace, collection: Self.collection, id: id, ref: session.keyID,
            body: ["keyID": .string(session.keyID), "expiresAt": .string(session.expiresAt.rfc3339), "endedAt": .string(now.rfc3339)])
        var changes: [ProjectionChange] = [.put(row)]
        changes += expired.map { ProjectionChange.remove(tenant: SystemCollections.namespace, collection: Self.collection, id: $0.key.id) }
        _ = try await store.commit(StoreCommit(projections: changes))
        remember(id, Cached(ended: true, checkedAt: now, expiresAt: session.expiresAt), now: now)
    }

    private func remember(_ id: String, _ answer: Cached, now: Timestamp) {
        cache.withLock { cache in
            cache[id] = answer
            guard cache.count > Self.cacheLimit else { return }
            cache = cache.filter { $0.value.expiresAt > now && ($0.value.ended || now.milliseconds(since: $0.value.checkedAt) < cacheMilliseconds) }
        }
    }

    /// The session's row id: its expiry, zero-padded so ids sort by it, then its nonce.
    static func rowID(_ session: Session) -> String {
        let digits = String(max(session.expiresAt.millisecondsSinceEpoch, 0))
        return String(repeating: "0", count: max(0, 15 - digits.count)) + digits + "-" + session.nonce
    }

    static func expiry(ofRowID id: String) -> Timestamp? {
        id.split(separator: "-", maxSplits: 1).first.flatMap { Int64($0) }.map(Timestamp.init(millisecondsSinceEpoch:))
    }
}
