import Hummingbird
import HummingbirdTesting
import Synchronization
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
        var keyed = try await KeyedStore.make(prefix: "steward-key-revocation", seed: 9)
        defer { keyed.remove() }
        let (store, clock, tenancy) = (keyed.store, keyed.clock, keyed.tenancy)
        let kept = try await keyed.key(.operator, name: "ana")
        let leaked = try await keyed.key(.operator, name: "bob")
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

    /// What a long-lived response (the event stream) asks later: the bearer key it came with
    /// stops holding once it is revoked and the cache time has passed.
    @Test func aRequestsCredentialStopsHoldingWhenItsKeyIsRevoked() async throws {
        var keyed = try await KeyedStore.make(prefix: "steward-credential-holds", seed: 10)
        defer { keyed.remove() }
        let (clock, tenancy) = (keyed.clock, keyed.tenancy)
        let leaked = try await keyed.key(.operator, name: "bob")
        let directory = KeyDirectory(tenancy: tenancy, clock: clock, cacheMilliseconds: 30_000)
        let captured = Mutex<(@Sendable () async -> Bool)?>(nil)
        let router = Router(context: StewardRequestContext.self)
        router.add(middleware: AuthMiddleware(mode: .keys(directory), clock: clock))
        router.get("/probe") { _, context -> String in
            captured.withLock { $0 = context.credentialHolds }
            return "ok"
        }
        try await Application(router: router).test(.router) { client in
            let response = try await client.execute(uri: "/probe", method: .get, headers: [.authorization: "Bearer \(leaked.token)"])
            #expect(response.status == .ok)
        }
        let holds = try #require(captured.withLock { $0 })
        #expect(await holds())
        _ = try await tenancy.revokeKey(id: leaked.id, reason: "leaked", actor: "cli")
        clock.advance(seconds: 31)
        #expect(await holds() == false)
    }

    /// A tenant taken out of steward.yaml: its keys still resolve, but every request is a 403
    /// naming the tenant, and declaring it again restores them.
    @Test func keysOfATenantNoLongerDeclaredAreRefused() async throws {
        var keyed = try await KeyedStore.make(prefix: "steward-suspended-tenant", seed: 11)
        defer { keyed.remove() }
        let (clock, tenancy) = (keyed.clock, keyed.tenancy)
        let key = try await keyed.key(.operator, name: "ops")
        #expect(try await tenancy.tenantsWithLiveKeys() == ["acme"])
        func status(declared: Set<String>) async throws -> (HTTPResponse.Status, String) {
            let router = Router(context: StewardRequestContext.self)
            router.add(middleware: ProblemMiddleware())
            router.add(middleware: AuthMiddleware(mode: .keys(KeyDirectory(tenancy: tenancy, clock: clock, declaredTenants: declared)), clock: clock))
            router.get("/probe") { _, _ -> String in "ok" }
            return try await Application(router: router).test(.router) { client in
                let response = try await client.execute(uri: "/probe", method: .get, headers: [.authorization: "Bearer \(key.token)"])
                return (response.status, String(buffer: response.body))
            }
        }
        let (refused, body) = try await status(declared: ["default"])
        #expect(refused == .forbidden)
        #expect(body.contains("tenant 'acme' is not declared in steward.yaml"))
        #expect(try await status(declared: ["default", "acme"]).0 == .ok)
    }
}
