import Synchronization

/// Rings when a tenant's ledger grows, so live readers (the `/v1/events` stream) wake at once
/// instead of polling. Each listener holds a stream that keeps at most one pending ring.
public final class LedgerBell: Sendable {
    private struct Listener {
        let tenant: String
        let continuation: AsyncStream<Void>.Continuation
    }

    private let listeners = Mutex<[Int: Listener]>([:])
    private let nextID = Atomic<Int>(0)

    /// A bell with no listeners.
    public init() {}

    /// Wakes every listener of these tenants.
    public func ring(tenants: some Sequence<String>) {
        let rung = Set(tenants)
        guard !rung.isEmpty else { return }
        listeners.withLock { all in
            for listener in all.values where rung.contains(listener.tenant) { listener.continuation.yield() }
        }
    }

    /// A listener for `tenant`: its stream yields whenever the tenant's ledger may have grown and
    /// ends when ``Subscription/finish()`` is called (which also detaches it).
    public func listen(tenant: String) -> Subscription {
        let id = nextID.add(1, ordering: .relaxed).newValue
        let (stream, continuation) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        listeners.withLock { $0[id] = Listener(tenant: tenant, continuation: continuation) }
        continuation.onTermination = { [weak self] _ in
            _ = self?.listeners.withLock { $0.removeValue(forKey: id) }
        }
        return Subscription(wakes: stream, continuation: continuation)
    }

    /// One listener's wake-ups.
    public struct Subscription: Sendable {
        /// Yields once per ring (rings that come while one is pending merge into it).
        public let wakes: AsyncStream<Void>
        let continuation: AsyncStream<Void>.Continuation

        /// Wakes this listener alone (a timer looking for entries another replica wrote).
        public func poke() { continuation.yield() }

        /// Ends the stream and detaches the listener.
        public func finish() { continuation.finish() }
    }

    /// How many listeners are attached (for tests and metrics).
    public var listenerCount: Int { listeners.withLock { $0.count } }
}
