import Testing
import StewardCore
import StewardEngine
import StewardSQLite
import StewardTestSupport

@Suite("Tenants and keys")
struct TenancyTests {
    func withTenancy(_ body: (Tenancy, SQLiteStore) async throws -> Void) async throws {
        let dir = try TemporaryDirectory(prefix: "steward-tenancy")
        defer { dir.remove() }
        let store = try SQLiteStore(path: dir.file("s.sqlite"))
        try await body(Tenancy(store: store, clock: TestClock(), configRevision: "rev"), store)
    }

    @Test func tenantsAreCreatedOnceWithALedgerEntry() async throws {
        try await withTenancy { tenancy, store in
            #expect(try await !tenancy.hasTenants())
            #expect(try await tenancy.ensureTenant("acme", name: "Acme", actor: "steward"))
            #expect(try await !tenancy.ensureTenant("acme", name: "Acme", actor: "steward"))
            #expect(try await tenancy.hasTenants())
            let page = try await store.ledger(tenant: "acme", query: LedgerQuery())
            #expect(page.rows.map(\.kind) == ["tenant.created"])
        }
    }

    @Test("tenant ids are refused when unsafe", arguments: ["", "_steward", "a b", "x/y", String(repeating: "a", count: 65), "ünï"])
    func unsafeTenantIDs(id: String) async throws {
        try await withTenancy { tenancy, _ in
            await #expect(throws: TenancyError.self) { try await tenancy.ensureTenant(id, name: "x", actor: "t") }
        }
    }

    @Test func keysStoreOnlyTheHashAndResolveToTheirPrincipal() async throws {
        try await withTenancy { tenancy, store in
            try await tenancy.ensureTenant("acme", name: "Acme", actor: "steward")
            var generator = SeededGenerator(seed: 7)
            let key = try await tenancy.issueKey(tenant: "acme", role: .operator, name: "ops", actor: "cli", using: &generator)
            let record = try #require(try await tenancy.keyRecord(id: key.id))
            #expect(record.secretHash == key.secretHash && record.principal.role == .operator && record.tenant == "acme")
            let row = try #require(try await store.projection(tenant: SystemCollections.namespace, collection: SystemCollections.apiKeys, id: key.id))
            let stored = try CanonicalJSON.string(row.body)
            #expect(!stored.contains(key.secret))
            let entries = try await store.ledger(tenant: "acme", query: LedgerQuery(kinds: ["key.created"]))
            #expect(entries.rows.count == 1 && !String(decoding: entries.rows[0].canonicalPayload, as: UTF8.self).contains(key.secret))
            // The same seed draws the same key: keys come only from the generator handed in.
            var again = SeededGenerator(seed: 7)
            #expect(APIKey.generate(using: &again) == key)
        }
    }

    @Test func keysForUnknownTenantsAreRefused() async throws {
        try await withTenancy { tenancy, _ in
            var generator = SeededGenerator(seed: 1)
            await #expect(throws: TenancyError.self) {
                _ = try await tenancy.issueKey(tenant: "ghost", role: .admin, name: "x", actor: "t", using: &generator)
            }
            // A misspelt tenant is named with the one meant.
            try await tenancy.ensureTenant("acme", name: "Acme", actor: "t")
            let error = await #expect(throws: TenancyError.self) {
                _ = try await tenancy.issueKey(tenant: "amce", role: .admin, name: "x", actor: "t", using: &generator)
            }
            #expect(error?.reason == "tenant 'amce' does not exist; did you mean 'acme'?")
        }
    }

    @Test func tokensParseOnlyInTheirShape() {
        var generator = SeededGenerator(seed: 3)
        let key = APIKey.generate(using: &generator)
        #expect(APIKey(token: key.token) == key)
        for bad in ["", "stw_", "stw_abc_def", "xyz_\(key.id)_\(key.secret)", key.token + "0", "stw_\(key.id)_\(key.secret.uppercased())x"] {
            #expect(APIKey(token: bad) == nil)
        }
        #expect(APIKey.constantTimeEqual("abc", "abc") && !APIKey.constantTimeEqual("abc", "abd") && !APIKey.constantTimeEqual("abc", "ab"))
        #expect(Role.admin.includes(.operator) && Role.operator.includes(.agent) && !Role.agent.includes(.operator))
    }
}
