import Foundation
import Testing
@testable import StewardServer
import StewardCore
import StewardEngine
import StewardSQLite
import StewardTestSupport
import Synchronization

/// The live event stream and what wakes it, over a real SQLite store.
@Suite("Live events")
struct LiveEventsTests {
    static func note(_ store: any Store, tenant: String, _ text: String) async throws {
        let draft = try LedgerDraft(
            tenant: tenant, ts: Timestamp(millisecondsSinceEpoch: 1_767_225_600_000), kind: "annotation.recorded", subject: "agent:CRO",
            actor: "test", payload: ["text": .string(text)], configRevision: "rev")
        _ = try await store.commit(StoreCommit(drafts: [draft]))
    }

    @Test func aCommitRingsOnlyItsTenantsListenersAndFinishingDetaches() async throws {
        let dir = try TemporaryDirectory(prefix: "steward-bell")
        defer { dir.remove() }
        let bell = LedgerBell()
        let store = RingingStore(try SQLiteStore(path: dir.file("s.sqlite")), bell: bell)
        let acme = bell.listen(tenant: "acme")
        let globex = bell.listen(tenant: "globex")
        #expect(bell.listenerCount == 2)
        try await Self.note(store, tenant: "acme", "one")
        var acmeWakes = acme.wakes.makeAsyncIterator()
        #expect(await acmeWakes.next() != nil)
        // Globex heard nothing: after finishing, its stream ends without a pending wake.
        globex.finish()
        var globexWakes = globex.wakes.makeAsyncIterator()
        #expect(await globexWakes.next() == nil)
        #expect(bell.listenerCount == 1)
        acme.finish()
        #expect(bell.listenerCount == 0)
        // The decorated store still verifies chains with the inner store's own scan.
        #expect(try await LedgerAudit.verify(store: store, tenant: "acme").ok)
    }

    @Test func theStreamSendsEachEntryOnceWithItsSequenceAsIdAndResumesAfterAGivenId() async throws {
        let dir = try TemporaryDirectory(prefix: "steward-stream")
        defer { dir.remove() }
        let bell = LedgerBell()
        let store = RingingStore(try SQLiteStore(path: dir.file("s.sqlite")), bell: bell)
        for i in 1...3 { try await Self.note(store, tenant: "acme", "before \(i)") }
        let received = Mutex<String>("")
        let stream = EventStream(
            store: store, bell: bell, tenant: "acme", kinds: nil, start: 1, lookInterval: .seconds(3600), keepAliveInterval: .seconds(3600),
            credentialHolds: nil, credentialInterval: .seconds(5))
        let task = Task {
            try await stream.run { text in received.withLock { $0 += text } }
        }
        // The writer wakes the stream by itself: no timer is involved (it looks once an hour here).
        try await Self.note(store, tenant: "acme", "live <4>")
        try await Self.note(store, tenant: "globex", "other tenant")
        var text = ""
        for _ in 0..<2000 {
            text = received.withLock { $0 }
            if text.contains("id: 4\n") { break }
            await Task.yield()
            try await Task.sleep(for: .milliseconds(5))
        }
        task.cancel()
        #expect(text.hasPrefix("retry: 2000\n\n"))
        let ids = text.split(separator: "\n").filter { $0.hasPrefix("id: ") }.map { String($0.dropFirst(4)) }
        #expect(ids == ["2", "3", "4"])
        #expect(text.contains(#""text":"live <4>""#))
        #expect(!text.contains("other tenant"))
        for event in text.components(separatedBy: "\n\n") where event.hasPrefix("id: ") {
            let data = try #require(event.split(separator: "\n").first { $0.hasPrefix("data: ") })
            let entry = try JSONReader.parse(Array(data.dropFirst(6).utf8))
            #expect(entry["kind"]?.stringValue == "annotation.recorded")
            #expect(entry["hash"]?.stringValue?.count == 64)
        }
    }

    /// A stream whose key is revoked (or whose session ends) says so in a last event and ends:
    /// nothing written after that reaches the caller.
    @Test func theStreamEndsWhenItsCredentialNoLongerHolds() async throws {
        let dir = try TemporaryDirectory(prefix: "steward-stream-revoked")
        defer { dir.remove() }
        let bell = LedgerBell()
        let store = RingingStore(try SQLiteStore(path: dir.file("s.sqlite")), bell: bell)
        let holds = Mutex(true), received = Mutex("")
        let stream = EventStream(
            store: store, bell: bell, tenant: "acme", kinds: nil, start: 0, lookInterval: .seconds(3600), keepAliveInterval: .seconds(3600),
            credentialHolds: { holds.withLock { $0 } }, credentialInterval: .zero)
        let task = Task { try await stream.run { text in received.withLock { $0 += text } } }
        try await Self.note(store, tenant: "acme", "while the key holds")
        while !received.withLock({ $0.contains("id: 1\n") }) { await Task.yield() }
        holds.withLock { $0 = false }
        try await Self.note(store, tenant: "acme", "after the revocation")
        try await task.value
        let text = received.withLock { $0 }
        #expect(text.hasSuffix("event: revoked\ndata: {\"reason\":\"the key was revoked or the session ended; sign in again\"}\n\n"))
        #expect(!text.contains("after the revocation"))
    }
}
