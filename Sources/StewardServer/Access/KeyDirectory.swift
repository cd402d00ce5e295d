public import StewardCore
public import StewardEngine
import Synchronization

/// Resolves bearer tokens to principals, caching key records briefly so authentication does not
/// cost a database read on every request.
public final class KeyDirectory: Sendable {
    private struct Cached {
        let record: APIKeyRecord
        let fetchedAt: Timestamp
    }

    private let tenancy: Tenancy
    private let clock: any WallClock
    private let cache = Mutex<[String: Cached]>([:])
    /// How long a looked-up key is trusted before it is read again (revocations apply within it).
    public let cacheMilliseconds: Int64

    /// A directory reading keys through `tenancy`.
    public init(tenancy: Tenancy, clock: any WallClock, cacheMilliseconds: Int64 = 30_000) {
        self.tenancy = tenancy
        self.clock = clock
        self.cacheMilliseconds = cacheMilliseconds
    }

    /// The principal a token stands for, or nil when it is not a valid, unrevoked key.
    public func principal(forToken token: String) async throws(StoreError) -> Principal? {
        guard let key = APIKey(token: token) else { return nil }
        let now = clock.now()
        let cached = cache.withLock { $0[key.id] }
        let record: APIKeyRecord
        if let cached, now.milliseconds(since: cached.fetchedAt) < cacheMilliseconds {
            record = cached.record
        } else {
            guard let fetched = try await tenancy.keyRecord(id: key.id) else { return nil }
            cache.withLock { $0[key.id] = Cached(record: fetched, fetchedAt: now) }
            record = fetched
        }
        guard record.revokedAt == nil, APIKey.constantTimeEqual(record.secretHash, key.secretHash) else { return nil }
        return record.principal
    }
}
