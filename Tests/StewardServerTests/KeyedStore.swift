import StewardCore
import StewardEngine
import StewardSQLite
import StewardTestSupport

/// What the route suites start from: a SQLite file in a temporary directory, a test clock, and
/// tenants that hand out API keys drawn from a seeded generator (the same keys every run).
struct KeyedStore {
    let dir: TemporaryDirectory
    let store: SQLiteStore
    let clock: TestClock
    let tenancy: Tenancy
    private var generator: SeededGenerator

    /// A fresh store in which `tenants` exist (each named as its id with a capital initial).
    static func make(prefix: String, seed: UInt64, tenants: [String] = ["acme"]) async throws -> KeyedStore {
        let dir = try TemporaryDirectory(prefix: prefix)
        let store = try SQLiteStore(path: dir.file("s.sqlite"))
        let clock = TestClock()
        let keyed = KeyedStore(
            dir: dir, store: store, clock: clock, tenancy: Tenancy(store: store, clock: clock, configRevision: "rev"),
            generator: SeededGenerator(seed: seed))
        for tenant in tenants { try await keyed.tenancy.ensureTenant(tenant, name: tenant.prefix(1).uppercased() + tenant.dropFirst(), actor: "test") }
        return keyed
    }

    /// A new key of `tenant` with `role` (bound to `agents` when given).
    mutating func key(_ role: Role, name: String, tenant: String = "acme", agents: [String]? = nil) async throws -> APIKey {
        try await tenancy.issueKey(tenant: tenant, role: role, name: name, agents: agents, actor: "test", using: &generator)
    }

    /// Deletes the directory.
    func remove() { dir.remove() }
}
