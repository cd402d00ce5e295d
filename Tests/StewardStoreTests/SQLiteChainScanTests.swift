import GRDB
import StewardCore
import StewardSQLite
import StewardTestSupport
import Testing

/// SQLite's own chain scan (``SQLiteStore/verifyChain(tenant:start:)``) against the page-by-page
/// path on a real SQLite file, for every kind of tampering: the verdicts must be identical.
@Suite("SQLite chain scan")
struct SQLiteChainScanTests {
    /// Enough entries for several scan chunks (4,096 rows) and pages.
    static let entries = 9_000

    struct Ledger {
        let directory: TemporaryDirectory
        let store: SQLiteStore
        let path: String

        func tamper(_ sql: String) async throws {
            let queue = try DatabaseQueue(path: path)
            try await queue.write { db in try db.execute(sql: sql) }
        }

        /// Both paths' verdicts, which must agree, the scan's whether one reader reads the whole
        /// chain or several read spans of it (cut at 4,500; at 3,000 and 6,000; every 1,125).
        func verdict(_ tenant: String = "acme", start: LedgerHead = .empty) async throws -> ChainVerification {
            let fast = try await store.verifyChain(tenant: tenant, start: start)
            let paged = try await LedgerAudit.verifyPages(store: store, tenant: tenant, start: start)
            #expect(fast == paged)
            for readers in [1, 2, 3, 8] {
                let split = try await store.verifyChain(tenant: tenant, start: start, readers: readers, minimumSpan: 1_000)
                #expect(split == paged, "\(readers) readers")
            }
            #expect(try await LedgerAudit.verify(store: store, tenant: tenant, start: start) == fast)
            return fast
        }
    }

    /// A ledger with awkward contents: escapes, unicode, control characters, timestamps before 1970
    /// and after 9999, long payloads; and a second tenant interleaved.
    static func ledger(entries: Int = entries) async throws -> Ledger {
        let directory = try TemporaryDirectory(prefix: "steward-scan")
        let path = directory.file("steward.sqlite")
        let store = try SQLiteStore(path: path)
        var written = 0
        while written < entries {
            let batch = try (written..<min(written + 1000, entries)).flatMap { i -> [LedgerDraft] in
                let ts: Int64 = switch i % 5 {
                case 0: -86_400_123 * Int64(i)
                case 1: 253_402_300_800_000 + Int64(i)
                default: 1_767_225_600_000 + Int64(i)
                }
                let note = String(repeating: "x", count: i % 300) + (i % 3 == 0 ? "\"\\\u{01}\ttab é 漢" : "")
                let entry = try LedgerDraft(
                    tenant: "acme", ts: Timestamp(millisecondsSinceEpoch: ts), kind: i % 2 == 0 ? "signal.received" : "note",
                    subject: i % 4 == 0 ? "agent:\"Q\"\n\u{1F}" : "agent:A\(i % 64)", actor: "key:0123456789ab",
                    payload: ["n": .int(Int64(i)), "note": .string(note), "rate": .double(0.97)],
                    configRevision: String(repeating: "c", count: 64))
                let other = try LedgerDraft(
                    tenant: "other", ts: Timestamp(millisecondsSinceEpoch: 5), kind: "k", subject: "s", actor: "a",
                    payload: ["n": .int(Int64(i))], configRevision: "r")
                return i % 10 == 0 ? [entry, other] : [entry]
            }
            _ = try await store.commit(StoreCommit(drafts: batch))
            written += batch.filter { $0.tenant == "acme" }.count
        }
        return Ledger(directory: directory, store: store, path: path)
    }

    func with(_ body: (Ledger) async throws -> Void) async throws {
        let ledger = try await Self.ledger()
        defer { ledger.directory.remove() }
        try await body(ledger)
    }

    @Test func anIntactChainVerifiesWithItsHead() async throws {
        try await with { ledger in
            let result = try await ledger.verdict()
            #expect(result.ok)
            #expect(result.entriesChecked == Int64(Self.entries))
            #expect(result.head == (try await ledger.store.head(tenant: "acme")))
            #expect((try await ledger.verdict("other")).entriesChecked == 900)
            let nobody = try await ledger.verdict("nobody")
            #expect(nobody.ok && nobody.entriesChecked == 0 && nobody.head == .empty)
            // From a retention checkpoint in the middle of a chunk.
            let page = try await ledger.store.ledger(tenant: "acme", query: LedgerQuery(afterSeq: 4999, limit: 1))
            let checkpoint = try #require(page.rows.first.map { LedgerHead(seq: $0.seq, hash: $0.hash) })
            let resumed = try await ledger.verdict(start: checkpoint)
            #expect(resumed.ok && resumed.entriesChecked == Int64(Self.entries - 5000))
            #expect(!(try await ledger.verdict(start: LedgerHead(seq: 4999, hash: checkpoint.hash))).ok)
        }
    }

    /// Each tampering and the first bad sequence number it must be found at.
    static let tamperings: [(sql: String, seq: Int64)] = [
        ("UPDATE ledger SET payload = '{\"n\":999}' WHERE tenant = 'acme' AND seq = 17", 17),
        ("UPDATE ledger SET payload = replace(payload, '\"n\":', '\"n\": ') WHERE tenant = 'acme' AND seq = 8191", 8191),
        ("UPDATE ledger SET ts = ts + 1 WHERE tenant = 'acme' AND seq = 4096", 4096),
        ("UPDATE ledger SET kind = 'forged' WHERE tenant = 'acme' AND seq = 4097", 4097),
        ("UPDATE ledger SET subject = subject || ' ' WHERE tenant = 'acme' AND seq = 1", 1),
        ("UPDATE ledger SET actor = 'steward' WHERE tenant = 'acme' AND seq = 9000", 9000),
        ("UPDATE ledger SET config_revision = 'x' WHERE tenant = 'acme' AND seq = 2", 2),
        ("UPDATE ledger SET hash = upper(hash) WHERE tenant = 'acme' AND seq = 300", 300),
        ("UPDATE ledger SET prev_hash = upper(prev_hash) WHERE tenant = 'acme' AND seq = 301", 301),
        ("UPDATE ledger SET prev_hash = 'x' WHERE tenant = 'acme' AND seq = 1", 1),
        ("UPDATE ledger SET payload = CAST(payload || char(0) || 'hidden' AS TEXT) WHERE tenant = 'acme' AND seq = 44", 44),
        ("DELETE FROM ledger WHERE tenant = 'acme' AND seq = 23", 23),
        ("DELETE FROM ledger WHERE tenant = 'acme' AND seq BETWEEN 4000 AND 4200", 4000),
        ("DELETE FROM ledger WHERE tenant = 'acme' AND seq >= 8998", 8998),
        ("DELETE FROM ledger WHERE tenant = 'acme'", 1),
        ("UPDATE ledger SET seq = seq + 100000 WHERE tenant = 'acme' AND seq = 6000", 6000),
        ("UPDATE ledger SET seq = -seq WHERE tenant = 'acme' AND seq = 5", 5),
        ("UPDATE ledger SET hash = \(flipFirstDigit) WHERE tenant = 'acme' AND seq = 9000", 9000),
        ("UPDATE ledger SET hash = \(flipFirstDigit) WHERE tenant = 'acme' AND seq = 4095", 4095),
        // Where the chain is cut between readers.
        ("DELETE FROM ledger WHERE tenant = 'acme' AND seq = 4500", 4500),
        ("DELETE FROM ledger WHERE tenant = 'acme' AND seq = 4501", 4501),
        ("UPDATE ledger SET prev_hash = upper(prev_hash) WHERE tenant = 'acme' AND seq = 4501", 4501),
        ("UPDATE ledger SET hash = \(flipFirstDigit) WHERE tenant = 'acme' AND seq = 4500", 4500),
        ("UPDATE ledger SET prev_hash = 'x' WHERE tenant = 'acme' AND seq = 3001", 3001),
        ("DELETE FROM ledger WHERE tenant = 'acme' AND seq BETWEEN 3001 AND 6000", 3001),
        ("DELETE FROM ledger WHERE tenant = 'acme' AND seq = 4500; UPDATE ledger SET seq = 4500 WHERE tenant = 'acme' AND seq = 4501", 4500),
        // Reordered: two entries swap contents but keep their sequence numbers.
        ("""
        UPDATE ledger SET ts = CASE seq WHEN 70 THEN (SELECT ts FROM ledger WHERE tenant = 'acme' AND seq = 71)
                                        ELSE (SELECT ts FROM ledger WHERE tenant = 'acme' AND seq = 70) END,
                          payload = CASE seq WHEN 70 THEN (SELECT payload FROM ledger WHERE tenant = 'acme' AND seq = 71)
                                        ELSE (SELECT payload FROM ledger WHERE tenant = 'acme' AND seq = 70) END,
                          prev_hash = CASE seq WHEN 70 THEN (SELECT prev_hash FROM ledger WHERE tenant = 'acme' AND seq = 71)
                                        ELSE (SELECT prev_hash FROM ledger WHERE tenant = 'acme' AND seq = 70) END,
                          hash = CASE seq WHEN 70 THEN (SELECT hash FROM ledger WHERE tenant = 'acme' AND seq = 71)
                                        ELSE (SELECT hash FROM ledger WHERE tenant = 'acme' AND seq = 70) END
        WHERE tenant = 'acme' AND seq IN (70, 71)
        """, 70),
    ]

    static let flipFirstDigit = "(CASE substr(hash, 1, 1) WHEN 'a' THEN 'b' ELSE 'a' END) || substr(hash, 2)"

    @Test(arguments: 0..<tamperings.count)
    func everyTamperingIsFoundAtTheSameEntryWithTheSameProblem(_ index: Int) async throws {
        let (sql, seq) = Self.tamperings[index]
        try await with { ledger in
            try await ledger.tamper(sql)
            let result = try await ledger.verdict()
            #expect(result.fault?.seq == seq, "\(sql): \(result)")
            #expect(result.entriesChecked == seq - 1)
        }
    }

    @Test func aRecordedHeadThatDoesNotMatchTheLastEntryIsFound() async throws {
        try await with { ledger in
            try await ledger.tamper("UPDATE ledger_heads SET hash = \(Self.flipFirstDigit) WHERE tenant = 'acme'")
            let result = try await ledger.verdict()
            #expect(result.fault?.seq == 9000)
            #expect(result.fault?.problem == "the recorded chain head does not match the last entry")
            #expect(result.entriesChecked == 9000)
        }
    }

    @Test func problemsAreWordedAsTheVerifierWordsThem() async throws {
        try await with { ledger in
            try await ledger.tamper("DELETE FROM ledger WHERE tenant = 'acme' AND seq BETWEEN 10 AND 12")
            var fault = try await ledger.verdict().fault
            #expect(fault?.seq == 10 && fault?.problem == "entries 10...12 are missing")
            try await ledger.tamper("UPDATE ledger SET payload = '{}' WHERE tenant = 'acme' AND seq = 5")
            fault = try await ledger.verdict().fault
            #expect(fault?.seq == 5 && fault?.problem == "its contents do not match its hash (altered)")
            try await ledger.tamper("UPDATE ledger SET prev_hash = upper(prev_hash) WHERE tenant = 'acme' AND seq = 3")
            fault = try await ledger.verdict().fault
            #expect(fault?.seq == 3 && fault?.problem == "its previous hash does not match entry 2")
        }
    }
}
