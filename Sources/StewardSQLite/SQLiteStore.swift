import Foundation
import GRDB
public import Logging
import Metrics
public import StewardCore

/// The embedded store: one SQLite file in WAL mode, written through group commit.
///
/// Durability: see ``SQLiteDurability``; by default a commit that returned survives a crash of the
/// process and of the machine. Reads run concurrently on the pool's reader connections.
public final class SQLiteStore: Store {
    let writer: any DatabaseWriter
    let access: SQLiteAccess
    let logger: Logger
    private let groupCommit: GroupCommit
    private let checkpointer: WALCheckpointer
    /// The file the store lives in.
    public let path: String

    /// Opens (creating if needed) the database at `path` and applies pending migrations.
    public convenience init(
        path: String, durability: SQLiteDurability = .full, access: SQLiteAccess = .concurrent, logger: Logger = Logger(label: "steward.sqlite")
    ) throws(StoreError) {
        let checkpointer = WALCheckpointer(logger: logger)
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.maximumReaderCount = 8
        configuration.label = "steward"
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = \(durability.pragma)")
            // The one writer keeps 8 MiB of index pages for inserts; readers keep SQLite's default
            // 2 MiB and read through the OS page cache, so memory stays flat with more readers
            // (64 MiB each plus a memory map had cost ~70 MB with 10,000 agents; docs/performance.md).
            if !db.configuration.readonly {
                try db.execute(sql: "PRAGMA cache_size = -8192")
                checkpointer.watch(db)
            }
        }
        let pool: DatabasePool
        do {
            // The file holds key hashes and webhook secrets: readable by its owner only, whatever the
            // umask and the directory's mode. SQLite gives its -wal and -shm files the same mode.
            if !FileManager.default.fileExists(atPath: path) {
                _ = FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600])
            }
            // SQLite opens a file it may not write read-only without a word, and every write would
            // then fail: refuse before serving instead.
            for file in [path, path + "-wal", path + "-shm"] where FileManager.default.fileExists(atPath: file) && !FileManager.default.isWritableFile(atPath: file) {
                throw StoreError(
                    .unavailable, operation: "open SQLite database at \(path)",
                    reason: "\(file) is not writable by this user (to audit a read-only copy, use steward ledger verify --db)")
            }
            pool = try DatabasePool(path: path, configuration: configuration)
            try SQLiteSchema.migrator.migrate(pool)
            try checkpointer.attach(path: path)
        } catch {
            throw StoreError(.unavailable, operation: "open SQLite database at \(path)", reason: Self.describe(error))
        }
        self.init(path: path, writer: pool, access: access, checkpointer: checkpointer, logger: logger)
        logger.debug("opened SQLite store", metadata: ["path": "\(path)"])
    }

    /// Opens the database at `path` for reading only, for audits of a copy: no migration, no write,
    /// works on read-only files and directories. Commits fail.
    public convenience init(readingOnly path: String, logger: Logger = Logger(label: "steward.sqlite")) throws(StoreError) {
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(10)
        configuration.label = "steward-readonly"
        let queue: DatabaseQueue
        do {
            queue = try Self.openReadOnly(path, configuration)
            let tables = try queue.read { db in try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'") }
            guard tables.contains("ledger"), tables.contains("ledger_heads") else {
                throw StoreError(.unavailable, operation: "open SQLite database at \(path)", reason: "it is not a Steward database (no ledger table)")
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(.unavailable, operation: "open SQLite database at \(path)", reason: Self.describe(error))
        }
        self.init(path: path, writer: queue, access: .concurrent, checkpointer: WALCheckpointer(logger: logger), logger: logger)
    }

    private static func openReadOnly(_ path: String, _ configuration: Configuration) throws -> DatabaseQueue {
        do {
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            _ = try queue.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master") }
            return queue
        } catch {
            // A WAL database whose shared-memory index cannot be created (a read-only directory)
            // opens as immutable: read as the file is, which is all of it for a store that was
            // closed. A non-empty log holds commits the file does not: reading without them would
            // verify an older ledger and call it whole.
            let log = path + "-wal"
            if let size = (try? FileManager.default.attributesOfItem(atPath: log))?[.size] as? Int, size > 0 {
                throw StoreError(
                    .unavailable, operation: "open SQLite database at \(path)",
                    reason: "its write-ahead log \(log) holds \(size) bytes of commits that cannot be read here (SQLite must create \(path)-shm "
                        + "beside it, and the directory is not writable): copy the database with its -wal file to a writable directory")
            }
            let escaped = path.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? path
            return try DatabaseQueue(path: "file:\(escaped)?immutable=1", configuration: configuration)
        }
    }

    private init(path: String, writer: any DatabaseWriter, access: SQLiteAccess, checkpointer: WALCheckpointer, logger: Logger) {
        self.path = path
        self.writer = writer
        self.access = access
        self.checkpointer = checkpointer
        self.logger = logger
        let batchSizes = Recorder(label: "steward_ledger_append_batch_size")
        let batchLatency = Metrics.Timer(label: "steward_ledger_append_batch_seconds")
        // A lone inline caller has no one to wait for: its leader commits at once.
        self.groupCommit = GroupCommit(gatherRounds: access == .inline ? 0 : 8, onBatch: { batchSizes.record($0) }) { commits in
            let started = ContinuousClock.now
            defer { batchLatency.record(duration: ContinuousClock.now - started) }
            do {
                return try await Self.write(writer, access) { db in try SQLiteCommitWriter.apply(commits, in: db) }
            } catch {
                let failure = StoreError(.unavailable, operation: "commit \(commits.count) to SQLite", reason: Self.describe(error))
                return Array(repeating: .failure(failure), count: commits.count)
            }
        }
    }

    public func commit(_ commit: StoreCommit) async throws(StoreError) -> CommitReceipt {
        if let problem = commit.textProblem { throw problem }
        var commit = commit
        // Encoded here, on the caller's core, rather than inside the one writer's transaction.
        for (index, change) in commit.projections.enumerated() {
            if case .put(let doc) = change, let text = try? CanonicalJSON.string(doc.body) { commit.preparedBodies[index] = text }
        }
        return try await groupCommit.submit(commit)
    }

    public func head(tenant: String) async throws(StoreError) -> LedgerHead {
        try await read("read ledger head of \(tenant)") { db in try SQLiteCommitWriter.storedHead(tenant, in: db) }
    }

    public func ledger(tenant: String, query: LedgerQuery) async throws(StoreError) -> LedgerPage {
        try await read("read ledger of \(tenant)") { db in try SQLiteLedgerReader.page(tenant: tenant, query: query, in: db) }
    }

    public func tenants() async throws(StoreError) -> [String] {
        // Tenants with a head or with entries: a chain whose head row was lost is still listed, so
        // verification finds it. The entries' tenants are walked one index seek per tenant.
        try await read("list tenants") { db in
            try String.fetchAll(db, sql: """
                WITH RECURSIVE chains(tenant) AS (
                    SELECT min(tenant) FROM ledger
                    UNION ALL SELECT (SELECT min(tenant) FROM ledger WHERE tenant > chains.tenant) FROM chains WHERE chains.tenant IS NOT NULL)
                SELECT tenant FROM chains WHERE tenant IS NOT NULL
                UNION SELECT tenant FROM ledger_heads WHERE seq > 0
                ORDER BY 1
                """)
        }
    }

    public func projection(tenant: String, collection: String, id: String) async throws(StoreError) -> ProjectionDocument? {
        try await read("read \(collection)/\(id)") { db in
            try SQLiteProjectionReader.one(tenant: tenant, collection: collection, id: id, in: db)
        }
    }

    public func projections(tenant: String, keys: [DocumentKey]) async throws(StoreError) -> [ProjectionDocument] {
        try await read("read \(keys.count) state rows") { db in
            try SQLiteProjectionReader.many(tenant: tenant, keys: keys, in: db)
        }
    }

    public func projections(tenant: String, keys: [DocumentKey], queries: [ProjectionQuery]) async throws(StoreError) -> ProjectionReads {
        try await read("read \(keys.count) state rows and \(queries.count) lists") { db in
            ProjectionReads(
                keyed: try SQLiteProjectionReader.many(tenant: tenant, keys: keys, in: db),
                listed: try queries.map { query in try SQLiteProjectionReader.list(query, in: db) })
        }
    }

    public func projections(_ query: ProjectionQuery) async throws(StoreError) -> [ProjectionDocument] {
        try await read("list \(query.collection)") { db in try SQLiteProjectionReader.list(query, in: db) }
    }

    public func projectionVersions(_ query: ProjectionQuery) async throws(StoreError) -> [ProjectionVersion] {
        try await read("list versions of \(query.collection)") { db in try SQLiteProjectionReader.listVersions(query, in: db) }
    }

    public func projectionVersions(tenant: String, keys: [DocumentKey]) async throws(StoreError) -> [ProjectionVersion] {
        try await read("read versions of \(keys.count) state rows") { db in
            try SQLiteProjectionReader.manyVersions(tenant: tenant, keys: keys, in: db)
        }
    }

    public func idempotencyRecord(tenant: String, key: String) async throws(StoreError) -> IdempotencyRecord? {
        try await read("read idempotency key") { db in
            guard let row = try Row.fetchOne(
                db, sql: "SELECT request_hash, status, response, created_at FROM idempotency WHERE tenant = ? AND key = ?",
                arguments: [tenant, key])
            else { return nil }
            let response: Data = row[2]
            return IdempotencyRecord(
                tenant: tenant, key: key, requestHash: row[0], status: row[1], response: Array(response),
                createdAt: Timestamp(millisecondsSinceEpoch: row[3]))
        }
    }

    public func acquireLease(name: String, holder: String, now: Timestamp, ttlMilliseconds: Int64) async throws(StoreError) -> Lease? {
        do {
            return try await Self.write(writer, access) { db in
                let expires = now.millisecondsSinceEpoch + ttlMilliseconds
                let current = try Row.fetchOne(db, sql: "SELECT holder, expires_at, fencing_token FROM leases WHERE name = ?", arguments: [name])
                guard let current else {
                    try db.execute(sql: "INSERT INTO leases (name, holder, expires_at, fencing_token) VALUES (?, ?, ?, 1)",
                                   arguments: [name, holder, expires])
                    return Lease(name: name, holder: holder, expiresAt: Timestamp(millisecondsSinceEpoch: expires), fencingToken: 1)
                }
                let currentHolder: String = current[0]
                let currentExpiry: Int64 = current[1]
                var token: Int64 = current[2]
                if currentHolder != holder {
                    guard currentExpiry <= now.millisecondsSinceEpoch else { return nil }
                    token += 1
                }
                try db.execute(sql: "UPDATE leases SET holder = ?, expires_at = ?, fencing_token = ? WHERE name = ?",
                               arguments: [holder, expires, token, name])
                return Lease(name: name, holder: holder, expiresAt: Timestamp(millisecondsSinceEpoch: expires), fencingToken: token)
            }
        } catch {
            throw StoreError(.unavailable, operation: "acquire lease \(name)", reason: Self.describe(error))
        }
    }

    public func releaseLease(name: String, holder: String) async throws(StoreError) {
        do {
            try await Self.write(writer, access) { db in
                // Kept as lapsed rather than deleted, so the next holder's fencing token still increases.
                try db.execute(sql: "UPDATE leases SET holder = '', expires_at = 0 WHERE name = ? AND holder = ?", arguments: [name, holder])
            }
        } catch {
            throw StoreError(.unavailable, operation: "release lease \(name)", reason: Self.describe(error))
        }
    }

    public func ping() async throws(StoreError) {
        _ = try await read("ping") { db in try Int.fetchOne(db, sql: "SELECT 1") }
    }

    /// Runs a read on a reader connection, mapping failures to ``StoreError``.
    func read<T: Sendable>(_ operation: String, _ body: @escaping @Sendable (Database) throws -> T) async throws(StoreError) -> T {
        do {
            switch access {
            case .concurrent: return try await writer.read(body)
            case .inline: return try Self.readNow(writer, body)
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(.unavailable, operation: operation, reason: Self.describe(error))
        }
    }

    /// Runs a write transaction, on the caller's thread or on the writer's queue as `access` says.
    static func write<T: Sendable>(
        _ writer: any DatabaseWriter, _ access: SQLiteAccess, _ body: @escaping @Sendable (Database) throws -> T
    ) async throws -> T {
        switch access {
        case .concurrent: try await writer.write(body)
        case .inline: try writeNow(writer, body)
        }
    }

    // Synchronous, so that GRDB's blocking overloads are chosen (an async context picks the async ones).
    private static func writeNow<T>(_ writer: any DatabaseWriter, _ body: (Database) throws -> T) throws -> T { try writer.write(body) }
    private static func readNow<T>(_ writer: any DatabaseWriter, _ body: (Database) throws -> T) throws -> T { try writer.read(body) }

    static func describe(_ error: any Error) -> String {
        if let error = error as? DatabaseError { return error.message ?? error.description }
        return String(describing: error)
    }
}

/// How the store's calls reach SQLite.
public enum SQLiteAccess: String, Sendable, CaseIterable {
    /// Reads on the pool's reader queues, commits grouped on the writer's queue: for a server, whose
    /// many concurrent callers should not hold Swift's few cooperative threads while SQLite works.
    case concurrent
    /// Every call runs on its caller's thread: for one caller that awaits each answer before the next
    /// call (the simulator), where the hops to a queue and back cost more than the queries.
    case inline
}

/// How far a commit that returned is guaranteed to survive.
public enum SQLiteDurability: String, Sendable, CaseIterable {
    /// Synced to disk before the commit returns (`synchronous = FULL`): survives process crashes,
    /// OS crashes and power loss. Throughput is bounded by the disk's sync latency.
    case full
    /// Written to the write-ahead log before the commit returns, synced at checkpoints
    /// (`synchronous = NORMAL` in WAL mode): survives process crashes (kill -9); an OS crash or
    /// power loss can lose the last commits, never corrupt the file or the chain.
    case normal

    var pragma: String {
        switch self {
        case .full: "FULL"
        case .normal: "NORMAL"
        }
    }
}
