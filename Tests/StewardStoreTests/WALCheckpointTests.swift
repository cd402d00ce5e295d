import Foundation
import StewardCore
import StewardSQLite
import StewardTestSupport
import Testing

/// The write-ahead log is copied back into the database file off the commit path: the writer
/// itself would only checkpoint past 10,000 pages, yet the file fills as commits are made.
@Suite("SQLite WAL checkpoints")
struct WALCheckpointTests {
    @Test func commitsReachTheDatabaseFileWithoutTheWriterCheckpointing() async throws {
        let directory = try TemporaryDirectory(prefix: "steward-wal")
        defer { directory.remove() }
        let path = directory.file("steward.sqlite")
        let store = try SQLiteStore(path: path)
        let before = try fileSize(path)
        // About 1.5 MB of entries in 500 commits: some 4,000 WAL pages, well under the writer's
        // own threshold of 10,000.
        let payload = String(repeating: "x", count: 3_000)
        for n in 0..<500 {
            var commit = StoreCommit()
            commit.drafts = [try LedgerDraft(
                tenant: "acme", ts: Timestamp(millisecondsSinceEpoch: 1_767_225_600_000 + Int64(n)), kind: "test.event",
                subject: "agent:A", actor: "test", payload: ["n": .int(Int64(n)), "text": .string(payload)], configRevision: "r")]
            _ = try await store.commit(commit)
        }
        // The checkpointer runs in the background; give it a few seconds at most.
        var grown = false
        for _ in 0..<200 where !grown {
            grown = try fileSize(path) > before + 1_000_000
            if !grown { try await Task.sleep(for: .milliseconds(50)) }
        }
        let size = try fileSize(path)
        #expect(grown, "the database file still holds \(size) bytes: nothing was checkpointed")
        #expect(try await LedgerAudit.verify(store: store, tenant: "acme").ok)
    }

    private func fileSize(_ path: String) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
    }
}
