/// A time-limited claim on a named duty (e.g. running the scheduler), held by one replica at a time.
public struct Lease: Sendable, Hashable {
    /// The duty, e.g. `scheduler`.
    public var name: String
    /// The replica holding it.
    public var holder: String
    /// When the claim lapses unless renewed.
    public var expiresAt: Timestamp
    /// Increases every time the lease changes hands, so stale holders can be fenced off.
    public var fencingToken: Int64

    /// A lease as granted by a store.
    public init(name: String, holder: String, expiresAt: Timestamp, fencingToken: Int64) {
        self.name = name
        self.holder = holder
        self.expiresAt = expiresAt
        self.fencingToken = fencingToken
    }
}
