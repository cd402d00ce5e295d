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
    /// How the readiness probe waits out its deadline (tests pass one that returns at once).
    let sleep: @Sendable (Duration) async throws -> Void

    /// Health routes over a store.
    public init(store: any Store, readiness: Readiness, sleep: @escaping @Sendable (Duration) async throws -> Void = Deadline.taskSleep) {
        self.store = store
        self.readiness = readiness
        self.sleep = sleep
    }

    /// Adds the routes.
    public func register(on router: Router<StewardRequestContext>) {
        router.get("/healthz") { _, _ in Self.json(#"{"status":"ok"}"#) }
        router.get("/readyz") { _, _ in
            guard readiness.isReady else { throw Problem.unavailable("starting: migrations or bootstrap not finished") }
            // Bounded: a database that is away must make this replica unready in seconds, not hang the probe.
            let store = store
            let answer = await Deadline.value(within: .seconds(5), sleep: sleep) { () -> String? in
                do {
                    try await store.ping()
                    return nil
                } catch {
                    return "\(error)"
                }
            }
            switch answer {
            case .none: throw Problem.unavailable("the store did not answer within 5 s")
            case .some(.some(let problem)): throw Problem.unavailable("the store does not answer: \(problem)")
            case .some(.none): break
            }
            return Self.json(#"{"status":"ready"}"#)
        }
    }

    static func json(_ text: String) -> Response {
        Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
