import Testing
import StewardCore
import StewardEngine
@testable import StewardServer
import StewardSQLite
import StewardTestSupport

/// `steward keys revoke` underneath: a revoked key authenticates nothing once the directory's
/// cache time has passed, the revocation is a ledger entry, and a second one is refused.
@Suite("Key revocation")
struct KeyRevocationTests {
    @Test func aRevokedKeyStopsAuthenticatingWithinTheCacheTime() async throws {
        let dir = try TemporaryDirectory(prefix: "steward-key-revocation")
        defer { dir.remove() }
        let store = try SQLiteStore(path: dir.file("s.sqlite"))
        let clock = TestClock()
        let tenancy = Tenancy(store: store, clock: clock, configRevision: "rev")
        var generator = SeededGenerator(seed: 9)
        try await tenancy.ensureTenant("acme", name: "Acme", actor: "test")
        let kept = try await tenancy.issueKey(tenant: "acme", role: .operator, name: "ana", actor: "test", using: &generator)
        let leaked = try await tenancy.issueKey(tenant: "acme", role: .operator, name: "bob", actor: "test", using: &generator)
        let directory = KeyDirectory(tenancy: tenancy, clock: clock, cacheMilliseconds: 30_000)
        #expect(try await directory.principal(forToken: leaked.token)?.name == "bob")

        let revoked = try await tenancy.revokeKey(id: leaked.id, reason: "left the team", actor: "cli")
        #expect(revoked.revokedAt == clock.now())
        clock.advance(seconds: 31)
        #expect(try await directory.principal(forToken: leaked.token) == nil)
        #expect(try await directory.principal(forKeyID: leaked.id) == nil)
        #expect(try await directory.principal(forToken: kept.token)?.name == "ana")

        let entry = try #require(try await store.ledger(tenant: "acme", query: LedgerQuery(kinds: ["key.revoked"], limit: 10)).rows.first)
        #expect(try entry.entry().payload == ["keyID": .string(leaked.id), "role": "operator", "name": "bob", "reason": "left the team"])
        let head = try await store.head(tenant: "acme")
        await #expect(throws: TenancyError.self) { _ = try await tenancy.revokeKey(id: leaked.id, reason: nil, actor: "cli") }
        await #expect(throws: TenancyError.self) { _ = try await tenancy.revokeKey(id: "000000000000", reason: nil, actor: "cli") }
        #expect(try await store.head(tenant: "acme") == head)
        let listed = try await tenancy.keys(tenant: "acme")
        #expect(Set(listed.map(\.name)) == ["ana", "bob"] && listed.first { $0.name == "bob" }?.revokedAt != nil)
    }
}
