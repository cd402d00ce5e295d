import GRDB
import Logging
import StewardCore
import StewardEngine
import StewardSQLite
import StewardTestSupport
import Testing

/// The serving replica's periodic ledger audit, on a real SQLite file edited behind the store's
/// back: an intact chain raises nothing and writes nothing; a forged entry pages once, names the
/// first bad entry, and is recorded in the ledger.
@Suite struct LedgerAuditTests {
    @Test func aForgedEntryIsFoundByTheNextRoundAndPaged() async throws {
        let f = try SpineFixture(prefix: "steward-audit")
        defer { f.close() }
        for _ in 0..<4 { _ = try await f.propose("draft_email") }
        let alerts = Alerts(spine: f.spine, logger: Logger(label: "test"))
        let audit = TenantRounds.ledgerAudits(
            every: 60, alerts: alerts, store: f.store, clock: ContinuousClock(), wallClock: f.clock, holder: "test", logger: Logger(label: "test"))

        let before = try await f.store.head(tenant: "default")
        await audit.tick()
        #expect(try await f.store.head(tenant: "default") == before, "an intact chain is audited without a word")

        let forged = before.seq - 2
        let queue = try DatabaseQueue(path: f.store.path)
        try await queue.write { db in
            try db.execute(sql: "UPDATE ledger SET payload = '{\"forged\":true}' WHERE tenant = 'default' AND seq = ?", arguments: [forged])
        }
        f.clock.advance(seconds: 3_600)
        await audit.tick()
        let raised = try await f.store.ledger(tenant: "default", query: LedgerQuery(kinds: ["alert.raised"])).rows
        #expect(raised.count == 1)
        let record = try #require(raised.first.map { try JSONValueDecoder.decode(AlertRecord.self, from: JSONReader.parse($0.canonicalPayload)) })
        #expect(record.rule == "ledger-damaged" && record.outcome == .paged)
        #expect(record.summary.contains("broken at entry \(forged)"), "\(record.summary)")
        #expect(record.details["firstBadSeq"] == .int(forged))

        // Still broken an interval later: raised again, folded into the page already sent.
        f.clock.advance(seconds: 60)
        await audit.tick()
        let again = try await f.store.ledger(tenant: "default", query: LedgerQuery(kinds: ["alert.raised"])).rows
        #expect(try again.map { try JSONValueDecoder.decode(AlertRecord.self, from: JSONReader.parse($0.canonicalPayload)).outcome } == [.paged, .folded])
    }

    /// QA ops r3: a process killed earlier still holds the `ledger-audit` lease for hours; the
    /// round a replica runs at start audits without it, so a chain broken meanwhile is found.
    @Test func theRoundAtStartAuditsWhileADeadProcessHoldsTheLease() async throws {
        let f = try SpineFixture(prefix: "steward-audit")
        defer { f.close() }
        for _ in 0..<3 { _ = try await f.propose("draft_email") }
        let taken = try await f.store.acquireLease(name: "ledger-audit", holder: "killed-process", now: f.clock.now(), ttlMilliseconds: 3 * 3_600_000)
        #expect(taken != nil)
        let forged = try await f.store.head(tenant: "default").seq - 1
        let queue = try DatabaseQueue(path: f.store.path)
        try await queue.write { db in
            try db.execute(sql: "UPDATE ledger SET payload = '{\"forged\":true}' WHERE tenant = 'default' AND seq = ?", arguments: [forged])
        }
        let alerts = Alerts(spine: f.spine, logger: Logger(label: "test"))
        let audit = TenantRounds.ledgerAudits(
            every: 60, alerts: alerts, store: f.store, clock: ContinuousClock(), wallClock: f.clock, holder: "restarted", logger: Logger(label: "test"))
        await audit.tick()
        #expect(try await f.store.ledger(tenant: "default", query: LedgerQuery(kinds: ["alert.raised"])).rows.isEmpty, "the lease holds a leased round")
        await audit.tick(leased: false)
        #expect(try await f.store.ledger(tenant: "default", query: LedgerQuery(kinds: ["alert.raised"])).rows.count == 1)
    }
}
