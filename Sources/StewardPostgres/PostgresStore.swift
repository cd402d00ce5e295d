import Dispatch
public import Logging
import Metrics
import PostgresNIO
public import ServiceLifecycle
public import StewardCore
import Synchronization

/// The scale-out store: several Steward replicas on one PostgreSQL database.
///
/// A Service: its `run()` runs the postgres-nio client, which hands out connections only while it
/// runs, so put the store in the application's `ServiceGroup` before the services that use it.
/// Concurrent commits of a replica are grouped into one transaction (``GroupCommit``); replicas
/// writing the same tenant's chain are ordered by a row lock on its `ledger_heads` row, so chains
/// never fork. Every call passes the store's logger to postgres-nio.
public final class PostgresStore: Store, Service {
    let client: PostgresClient
    let logger: Logger
    private let location: PostgresURL
    private let groupCommit: GroupCommit
    /// Whether the last commit transaction failed to answer in time (and none has answered since).
    private let stalled: StallFlag
    /// How long a commit transaction may take before its waiters are answered 503.
    public static let commitDeadline = Duration.seconds(30)
    /// How long a commit transaction may be waiting before the readiness probe says this replica
    /// cannot take writes (5 s unless a test shortens it).
    let commitWaitUnready: Duration
    /// How long a read may wait by default (for a connection, then for its rows) before it is answered 503:
    /// while PostgreSQL is down the pool keeps queued work until its circuit breaker trips, a
    /// minute or more, and a read has nothing to lose by being given up and asked again.
    public static let standardReadDeadline = Duration.seconds(10)
    /// The same for reads that scan a window of execution records (a skill's baseline), which may
    /// take seconds on their own.
    static let scanDeadline = Duration.seconds(120)
    private let started = RunGate()
    /// This store's read deadline (``standardReadDeadline`` unless a test shortens it).
    let readDeadline: Duration
    /// The database URL without its password, for logs and diagnostics.
    public let endpoint: String

    /// A store for `postgres://user:password@host:port/database[?sslmode=disable|prefer|require|verify-full]`.
    /// Opens no connection yet: calls wait until ``run()`` runs; call ``migrate()`` before use.
    public init(
        url: String, logger: Logger, readDeadline: Duration = standardReadDeadline, commitWaitUnready: Duration = .seconds(5)
    ) throws(StoreError) {
        let location = try PostgresURL(url)
        self.readDeadline = readDeadline
        self.commitWaitUnready = commitWaitUnready
        self.location = location
        self.endpoint = location.redacted
        self.logger = logger
        // The pool's own messages (each failed connection attempt, at info) stay below warning unless
        // Steward runs at debug: a database that cannot be reached is said once, by the store.
        var poolLogger = logger
        poolLogger.logLevel = max(logger.logLevel, .warning)
        if logger.logLevel <= .debug { poolLogger.logLevel = logger.logLevel }
        let client = PostgresClient(configuration: location.configuration, backgroundLogger: poolLogger)
        self.client = client
        let writer = PostgresCommitWriter(client: client, logger: logger)
        let batchSizes = Recorder(label: "steward_ledger_append_batch_size")
        let batchLatency = Metrics.Timer(label: "steward_ledger_append_batch_seconds")
        let stalled = StallFlag()
        self.stalled = stalled
        self.groupCommit = GroupCommit(onBatch: { batchSizes.record($0) }) { commits in
            let started = DispatchTime.now()
            stalled.began(at: started)
            defer {
                stalled.ended()
                batchLatency.recordInterval(since: started)
            }
            // The batch belongs to every waiter, not only to the leader whose task runs it: it runs
            // in a task of its own, so a cancelled request cannot fail the commits of the others.
            // A transaction on a connection that died mid-COMMIT may never answer: past the
            // deadline its waiters get 503, and the next batch starts on another connection.
            guard let results = await Deadline.value(within: Self.commitDeadline, sleep: Deadline.taskSleep, { await writer.apply(commits) }) else {
                stalled.set(true)
                logger.error("a commit transaction did not answer in time; its waiters get 503", metadata: [
                    "batch_size": "\(commits.count)", "deadline": "\(Self.commitDeadline)",
                ])
                let failure = StoreError(
                    .unavailable, operation: "commit",
                    reason: "PostgreSQL did not answer the transaction within \(Self.commitDeadline); nothing is acknowledged, so send the request again")
                return commits.map { _ in .failure(failure) }
            }
            stalled.set(false)
            return results
        }
        logger.debug("PostgreSQL store configured", metadata: ["endpoint": "\(endpoint)"])
    }

    /// Runs the connection pool until the task is cancelled or the service group shuts down.
    public func run() async throws {
        logger.debug("PostgreSQL connection pool running", metadata: ["endpoint": "\(endpoint)"])
        // Opened just before the client marks itself running, with no suspension in between.
        started.open()
        await client.run()
        logger.debug("PostgreSQL connection pool stopped", metadata: ["endpoint": "\(endpoint)"])
    }

    /// Opens one connection and closes it, so a server that cannot be reached (or refuses the
    /// credentials) is reported within seconds with its reason, not after the pool's retries.
    public func probe() async throws(StoreError) {
        let operation = "connect to PostgreSQL at \(location.host):\(location.port)"
        do {
            let connection = try await PostgresConnection.connect(configuration: location.connectionConfiguration(), id: 0, logger: logger)
            try await connection.close()
        } catch {
            throw StoreError(.unavailable, operation: operation, reason: PostgresFailure.describe(error))
        }
    }

    /// Applies pending schema migrations; safe when several replicas start at once.
    public func migrate() async throws(StoreError) {
        await started.wait()
        try await PostgresMigrator.migrate(client, logger: logger)
    }

    /// Submits the commit to the group committer; returns once its transaction committed.
    public func commit(_ commit: StoreCommit) async throws(StoreError) -> CommitReceipt {
        if let problem = commit.textProblem { throw problem }
        await started.wait()
        return try await groupCommit.submit(commit)
    }

    /// The recorded head of the tenant's chain.
    public func head(tenant: String) async throws(StoreError) -> LedgerHead {
        try await perform("read ledger head of \(tenant)") { client, logger in
            try await PostgresLedgerReader.head(tenant: tenant, client: client, logger: logger)
        }
    }

    /// A page of the tenant's ledger.
    public func ledger(tenant: String, query: LedgerQuery) async throws(StoreError) -> LedgerPage {
        try await perform("read ledger of \(tenant)") { client, logger in
            try await PostgresLedgerReader.page(tenant: tenant, query: query, client: client, logger: logger)
        }
    }

    /// Tenants with at least one entry, in byte order.
    public func tenants() async throws(StoreError) -> [String] {
        try await perform("list tenants") { client, logger in try await PostgresLedgerReader.tenants(client: client, logger: logger) }
    }

    /// One state row, or nil.
    public func projection(tenant: String, collection: String, id: String) async throws(StoreError) -> ProjectionDocument? {
        try await perform("read \(collection)/\(id)") { client, logger in
            try await PostgresProjectionReader.one(tenant: tenant, collection: collection, id: id, client: client, logger: logger)
        }
    }

    /// Several state rows of one tenant in one query.
    public func projections(tenant: String, keys: [DocumentKey]) async throws(StoreError) -> [ProjectionDocument] {
        try await perform("read \(keys.count) state rows") { client, logger in
            try await PostgresProjectionReader.many(tenant: tenant, keys: keys, client: client, logger: logger)
        }
    }

    /// State rows of a collection, ordered by id.
    public func projections(_ query: ProjectionQuery) async throws(StoreError) -> [ProjectionDocument] {
        try await perform("list \(query.collection)") { client, logger in
            try await PostgresProjectionReader.list(query, client: client, logger: logger)
        }
    }

    /// Keys and versions of a collection's rows, ordered by id.
    public func projectionVersions(_ query: ProjectionQuery) async throws(StoreError) -> [ProjectionVersion] {
        try await perform("list versions of \(query.collection)") { client, logger in
            try await PostgresProjectionReader.listVersions(query, client: client, logger: logger)
        }
    }

    /// Versions of several state rows of one tenant in one query.
    public func projectionVersions(tenant: String, keys: [DocumentKey]) async throws(StoreError) -> [ProjectionVersion] {
        try await perform("read versions of \(keys.count) state rows") { client, logger in
            try await PostgresProjectionReader.manyVersions(tenant: tenant, keys: keys, client: client, logger: logger)
        }
    }

    /// The stored answer for an idempotency key, if the key was used.
    public func idempotencyRecord(tenant: String, key: String) async throws(StoreError) -> IdempotencyRecord? {
        try await perform("read idempotency key") { client, logger in
            try await PostgresProjectionReader.idempotencyRecord(tenant: tenant, key: key, client: client, logger: logger)
        }
    }

    /// Grants or renews the lease in one statement; nil while another holder's claim is live.
    public func acquireLease(name: String, holder: String, now: Timestamp, ttlMilliseconds: Int64) async throws(StoreError) -> Lease? {
        try await perform("acquire lease \(name)") { client, logger in
            try await PostgresLeases.acquire(
                name: name, holder: holder, now: now, ttlMilliseconds: ttlMilliseconds, client: client, logger: logger)
        }
    }

    /// Gives up the lease if `holder` holds it.
    public func releaseLease(name: String, holder: String) async throws(StoreError) {
        try await perform("release lease \(name)") { client, logger in
            try await PostgresLeases.release(name: name, holder: holder, client: client, logger: logger)
        }
    }

    /// Fails unless the database is reachable and fully migrated, and, after a commit transaction
    /// that never answered, unless a transaction answers again.
    public func ping() async throws(StoreError) {
        await started.wait()
        try await PostgresMigrator.check(client, logger: logger)
        // A batch waiting on another session's row locks: SELECT 1 would answer, commits do not.
        let limit = Double(commitWaitUnready.components.seconds) + Double(commitWaitUnready.components.attoseconds) / 1e18
        if let waited = stalled.inFlightSeconds(), waited >= limit {
            throw StoreError(
                .unavailable, operation: "ping",
                reason: "a commit transaction has waited \(Int(waited * 1000)) ms (for row locks another session holds, or a connection that stopped answering)")
        }
        guard stalled.isSet else { return }
        let (client, logger) = (client, logger)
        let probe = await Deadline.value(within: .seconds(5), sleep: Deadline.taskSleep) { () -> Bool in
            (try? await client.withTransaction(logger: logger) { connection in try await connection.query("SELECT 1", logger: logger) }) != nil
        }
        guard probe == true else {
            throw StoreError(.unavailable, operation: "ping", reason: "commit transactions do not answer (the last one passed its \(Self.commitDeadline) deadline)")
        }
        stalled.set(false)
    }

    /// Runs one statement's worth of work on a pooled connection within ``readDeadline``, mapping
    /// failures to ``StoreError``.
    func perform<T: Sendable>(
        _ operation: String, within scan: Duration? = nil, _ body: @escaping @Sendable (PostgresClient, Logger) async throws -> T
    ) async throws(StoreError) -> T {
        await started.wait()
        let deadline = max(scan ?? readDeadline, readDeadline)
        let (client, logger) = (client, logger)
        let outcome = await Deadline.value(within: deadline, sleep: Deadline.taskSleep) { () -> Result<T, StoreError> in
            do {
                return .success(try await body(client, logger))
            } catch {
                return .failure(PostgresFailure.storeError(error, code: .unavailable, operation: operation))
            }
        }
        guard let outcome else {
            throw StoreError(.unavailable, operation: operation, reason: "PostgreSQL did not answer within \(deadline); send the request again")
        }
        return try outcome.get()
    }
}

/// Whether commit transactions stopped answering; shared by the group committer and the readiness probe.
final class StallFlag: Sendable {
    private let value = Mutex(false)
    /// `steward_store_commit_stalled`: 1 after a commit transaction passed its deadline, until one answers.
    private let gauge = Gauge(label: "steward_store_commit_stalled")

    /// When the commit transaction running now began; nil between batches (one runs at a time).
    private let inFlight = Mutex<DispatchTime?>(nil)

    var isSet: Bool { value.withLock { $0 } }

    func set(_ stalled: Bool) {
        value.withLock { $0 = stalled }
        gauge.record(stalled ? 1 : 0)
    }

    func began(at time: DispatchTime) { inFlight.withLock { $0 = time } }

    func ended() { inFlight.withLock { $0 = nil } }

    /// How long the running commit transaction has been waiting, in seconds; nil when none runs.
    func inFlightSeconds(now: DispatchTime = .now()) -> Double? {
        inFlight.withLock { started in
            started.map { Double(now.uptimeNanoseconds &- $0.uptimeNanoseconds) / 1e9 }
        }
    }
}
