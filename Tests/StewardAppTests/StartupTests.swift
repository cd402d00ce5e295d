import Foundation
import Logging
import Testing
@testable import StewardApp
import StewardCore
import StewardSQLite
import StewardTestSupport
import StewardEngine
import Synchronization

@Suite("Start-up")
struct StartupTests {
    @Test("--db names SQLite files or PostgreSQL URLs", arguments: [
        (nil as String?, StoreLocation.sqlite(path: "/d/steward.sqlite")),
        ("x.sqlite", .sqlite(path: "x.sqlite")),
        ("sqlite:///tmp/a.db", .sqlite(path: "/tmp/a.db")),
        ("postgres://u:p@h:5432/db", .postgres(url: "postgres://u:p@h:5432/db")),
        ("postgresql://h/db", .postgres(url: "postgresql://h/db")),
    ])
    func storeLocations(text: String?, expected: StoreLocation) throws {
        #expect(try StoreLocation.parse(text, dataDir: "/d") == expected)
    }

    /// QA ops r3: a misspelt scheme is refused, naming the option and without the password, not
    /// taken for the name of a SQLite file.
    @Test func aMisspeltSchemeIsRefused() {
        do {
            _ = try StoreLocation.parse("postgress://u:pw@h/db", dataDir: "/d")
            Issue.record("a misspelt scheme was taken for a file")
        } catch {
            #expect(error.description.contains("STEWARD_DB") && error.description.contains("unknown scheme 'postgress'"), "\(error)")
            #expect(!error.description.contains("pw@"), "\(error)")
        }
    }

    @Test func passwordsNeverReachTheLog() {
        #expect(StoreLocation.postgres(url: "postgres://steward:s3cret@db:5432/steward").description == "PostgreSQL postgres://steward:***@db:5432/steward")
    }

    /// QA ops F10: the keys hint names the store the server uses, PostgreSQL included.
    @Test func hintsNameTheStoreACommandMustOpen() throws {
        #expect(try StoreLocation.parse(nil, dataDir: "/d").commandArguments(dataDir: "/d") == "--data-dir /d")
        #expect(try StoreLocation.parse("/x/s.db", dataDir: "/d").commandArguments(dataDir: "/d") == "--db /x/s.db")
        #expect(StoreLocation.postgres(url: "postgres://steward:s3cret@db:5432/steward").commandArguments(dataDir: "/d")
            == "--db 'postgres://steward:***@db:5432/steward'")
    }

    @Test func noAuthIsRefusedOffLoopback() async throws {
        let dir = try TemporaryDirectory(prefix: "steward-app")
        defer { dir.remove() }
        await #expect(throws: StartupError.self) {
            _ = try await StewardApplication.build(
                options: ServeOptions(host: "0.0.0.0", port: 0, dataDir: dir.file("data"), noAuth: true), logger: Logger(label: "t"))
        }
        #expect(!FileManager.default.fileExists(atPath: dir.file("data")))
    }

    @Test func aBadConfigurationListsEveryErrorBeforeCreatingAnything() async throws {
        let dir = try TemporaryDirectory(prefix: "steward-app")
        defer { dir.remove() }
        let config = dir.file("steward.yaml")
        try "server:\n  prot: 1\n  hots: x\n".write(toFile: config, atomically: true, encoding: .utf8)
        do {
            _ = try await StewardApplication.build(
                options: ServeOptions(configPath: config, port: 0, dataDir: dir.file("data"), environment: ["AUTOREM_ROI_FLOOR": "high"]),
                logger: Logger(label: "t"))
            Issue.record("a bad configuration must stop the start")
        } catch {
            #expect(error.problems.count == 3)
            #expect(error.problems.contains { $0.contains("AUTOREM_ROI_FLOOR") })
        }
        #expect(!FileManager.default.fileExists(atPath: dir.file("data")))
    }

    @Test func theBuiltApplicationUsesTheDataDirectory() async throws {
        let dir = try TemporaryDirectory(prefix: "steward-app")
        defer { dir.remove() }
        let built = try await StewardApplication.build(options: ServeOptions(port: 0, dataDir: dir.file("data")), logger: Logger(label: "t"))
        #expect(built.location == .sqlite(path: dir.file("data") + "/steward.sqlite"))
        #expect(built.revision.count == 64)
        #expect(FileManager.default.fileExists(atPath: dir.file("data") + "/steward.sqlite"))
    }
}

/// At start a replica says when the ledger was last written under another configuration.
@Suite("Configuration drift")
struct ConfigurationDriftTests {
    @Test func aLedgerLastWrittenUnderAnotherRevisionIsNamed() async throws {
        let dir = try TemporaryDirectory(prefix: "steward-drift")
        defer { dir.remove() }
        let store = try SQLiteStore(path: dir.file("s.sqlite"))
        let draft = try LedgerDraft(
            tenant: "acme", ts: Timestamp(millisecondsSinceEpoch: 1_767_225_600_000), kind: "test.event", subject: "agent:A", actor: "test",
            payload: [:], configRevision: "rev-a")
        _ = try await store.commit(StoreCommit(drafts: [draft]))
        #expect(try await LedgerHeadCheck.otherRevisions(in: store, than: "rev-a").isEmpty)
        let other = try await LedgerHeadCheck.otherRevisions(in: store, than: "rev-b")
        #expect(other.map(\.tenant) == ["acme"] && other.map(\.revision) == ["rev-a"])
    }
}

/// Replicas starting at once on an empty database (QA, replicas F3): one first admin key, printed by
/// one of them; the other neither creates a second nor asks for one to be made by hand.
@Suite("First start of several replicas")
struct FirstStartRaceTests {
    @Test func replicasStartingAtOnceCreateOneAdminKey() async throws {
        for round in 0..<10 {
            let dir = try TemporaryDirectory(prefix: "steward-race")
            defer { dir.remove() }
            let store = try SQLiteStore(path: dir.file("s.sqlite"))
            let printed = Printed()
            try await withThrowingTaskGroup(of: Void.self) { group in
                for replica in 0..<3 {
                    group.addTask {
                        let data = dir.file("data\(replica)")
                        try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true)
                        let tenancy = Tenancy(store: store, clock: TestClock(), configRevision: "rev")
                        try await Bootstrap.run(
                            tenancy: tenancy, tenants: [.default], dataDir: data, store: "--data-dir \(data)", logger: Logger(label: "t"),
                            onAdminKeyCreated: { _, _ in printed.add() })
                    }
                }
                try await group.waitForAll()
            }
            let keys = try await Tenancy(store: store, clock: TestClock(), configRevision: "rev").keys(tenant: "default")
            #expect(keys.count == 1 && printed.count == 1, "round \(round): \(keys.count) keys, printed \(printed.count)")
        }
    }

    final class Printed: Sendable {
        private let value = Mutex(0)
        func add() { value.withLock { $0 += 1 } }
        var count: Int { value.withLock { $0 } }
    }
}

/// QA r6 time H1: a restart refused to start, calling a healthy ledger damaged, when a service
/// round appended between the check's read of the head and its read of the last entries.
@Suite("Ledger head check")
struct LedgerHeadCheckTests {
    /// A real store that appends one entry of its own just before the first ledger read.
    final class AppendingStore: WrappingStore {
        let inner: any Store
        private let armed = Mutex(true)
        init(_ inner: any Store) { self.inner = inner }

        func ledger(tenant: String, query: LedgerQuery) async throws(StoreError) -> LedgerPage {
            if armed.withLock({ a in defer { a = false }; return a }) {
                _ = try await inner.commit(StoreCommit(drafts: [LedgerHeadCheckTests.draft()]))
            }
            return try await inner.ledger(tenant: tenant, query: query)
        }
    }

    static func draft() -> LedgerDraft {
        try! LedgerDraft(
            tenant: "acme", ts: Timestamp(millisecondsSinceEpoch: 1_767_225_600_000), kind: "test.event", subject: "agent:A", actor: "test",
            payload: [:], configRevision: "rev-a")
    }

    @Test func anEntryAppendedDuringTheCheckIsNoDamage() async throws {
        let dir = try TemporaryDirectory(prefix: "steward-head-check")
        defer { dir.remove() }
        let sqlite = try SQLiteStore(path: dir.file("s.sqlite"))
        for _ in 0..<3 { _ = try await sqlite.commit(StoreCommit(drafts: [Self.draft()])) }
        let store = AppendingStore(sqlite)
        #expect(try await LedgerHeadCheck.problems(in: store) == [])
        #expect(try await sqlite.head(tenant: "acme").seq == 4)
    }
}
