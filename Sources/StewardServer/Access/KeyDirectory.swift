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
    /// The tenants steward.yaml declares (nil: any tenant with keys); a key of another is suspended.
    public let declaredTenants: Set<String>?

    /// A directory reading keys through `tenancy`.
    public init(tenancy: Tenancy, clock: any WallClock, cacheMilliseconds: Int64 = 30_000, declaredTenants: Set<String>? = nil) {
        self.tenancy = tenancy
        self.clock = clock
        self.cacheMilliseconds = cacheMilliseconds
        self.declaredTenants = declaredTenants
    }

    /// Why `principal` may not act, when its tenant was taken out of steward.yaml (its keys stay
    /// stored, so declaring the tenant again restores them); nil when it may.
    public func suspension(of principal: Principal) -> String? {
        guard let declaredTenants, !declaredTenants.contains(principal.tenant) else { return nil }
        return "the key's tenant '\(principal.tenant)' is not declared in steward.yaml (tenants), so its keys are suspended; declare it again to restore them"
    }

    /// The principal a token stands for, or nil when it is not a valid, unrevoked key.
    public func principal(forToken token: String) async throws(StoreError) -> Principal? {
        guard let key = APIKey(token: token), let record = try await record(id: key.id) else { return nil }
        guard record.revokedAt == nil, APIKey.constantTimeEqual(record.secretHash, key.secretHash) else { return nil }
        return record.principal
    }

    /// The principal of a key known by id (a session's key), or nil when it is unknown or revoked.
    public func principal(forKeyID id: String) async throws(StoreError) -> Principal? {
        guard let record = try await record(id: id), record.revokedAt == nil else { return nil }
        return record.principal
    }

    private func record(id: String) async throws(StoreError) -> APIKeyRecord? {
        let now = clock.now()
        if let cached = cache.withLock({ $0[id] }), now.milliseconds(since: cached.fetchedAt) < cacheMilliseconds {
            return cached.record
        }
        guard let fetched = try await tenancy.keyRecord(id: id) else { return nil }
        cache.withLock { $0[id] = Cached(record: fetched, fetchedAt: now) }
        return fetched
    }
}
