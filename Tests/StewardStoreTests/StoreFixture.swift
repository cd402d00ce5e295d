import Foundation
import GRDB
import Logging
import StewardCore
import StewardSQLite
import StewardTestSupport
import Testing

/// A store under test, with a back door to alter its rows as an attacker with file access would.
struct StoreFixture: Sendable {
    let store: any Store
    /// Runs raw SQL against the store's database, bypassing Steward.
    let tamper: @Sendable (String) async throws -> Void
    let close: @Sendable () async -> Void
}

/// The kinds of store the contract runs against.
enum StoreKind: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite
    /// SQLite with every call on its caller's thread, as the simulator opens it.
    case sqliteInline
    case postgres

    var testDescription: String { rawValue }

    func make() async throws -> StoreFixture? {
        switch self {
        case .sqlite, .sqliteInline:
            let directory = try TemporaryDirectory(prefix: "steward-store")
            let path = directory.file("steward.sqlite")
            let store = try SQLiteStore(path: path, access: self == .sqliteInline ? .inline : .concurrent)
            return StoreFixture(
                store: store,
                tamper: { sql in
                    let queue = try DatabaseQueue(path: path)
                    try await queue.write { db in try db.execute(sql: sql) }
                },
                close: { directory.remove() })
        case .postgres:
            return try await PostgresFixture.make()
        }
    }

    /// Runs `body` on a fresh store of this kind, closed afterwards whatever happens; nothing
    /// runs where the kind is unavailable (PostgreSQL without its binaries).
    func withStore(_ body: (StoreFixture) async throws -> Void) async throws {
        guard let fixture = try await make() else { return }
        do {
            try await body(fixture)
        } catch {
            await fixture.close()
            throw error
        }
        await fixture.close()
    }
}

/// Drafts for tests.
func draft(_ tenant: String = "acme", kind: String = "test.event", subject: String = "agent:A", n: Int = 0, at ms: Int64 = 1_767_225_600_000) throws -> LedgerDraft {
    try LedgerDraft(
        tenant: tenant, ts: Timestamp(millisecondsSinceEpoch: ms), kind: kind, subject: subject, actor: "test",
        payload: ["n": .int(Int64(n)), "note": .string("entry \(n)")], configRevision: "rev-1")
}
