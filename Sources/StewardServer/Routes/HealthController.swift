public import Hummingbird
public import StewardCore
import Synchronization

/// Whether this replica may take traffic: set once migrations and bootstrap are done.
public final class Readiness: Sendable {
    private let ready = Mutex(false)

    /// Not ready until ``markReady()``.
    public init() {}

    /// Declares start-up complete.
    public func markReady() { ready.withLock { $0 = true } }

    /// Whether start-up is complete.
    public var isReady: Bool { ready.withLock { $0 } }
}

/// `/healthz` (the process answers) and `/readyz` (migrated, and the store answers).
public struct HealthController: Sendable {
    let store: any Store
    let readiness: Readiness

    /// Health routes over a store.
    public init(store: any Store, readiness: Readiness) {
        self.store = store
        self.readiness = readiness
    }

    /// Adds the routes.
    public func register(on router: Router<StewardRequestContext>) {
        router.get("/healthz") { _, _ in Self.json(#"{"status":"ok"}"#) }
        router.get("/readyz") { _, _ in
            guard readiness.isReady else { throw Problem.unavailable("starting: migrations or bootstrap not finished") }
            do {
                try await store.ping()
            } catch {
                throw Problem.unavailable("the store does not answer: \(error)")
            }
            return Self.json(#"{"status":"ready"}"#)
        }
    }

    static func json(_ text: String) -> Response {
        Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
