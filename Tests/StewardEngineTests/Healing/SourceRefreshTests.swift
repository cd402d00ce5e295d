import StewardCore
import StewardEngine
import StewardTestSupport
import Testing

/// `POST /v1/sources/{name}/refreshed` behind the API: only declared sources, no `at` beyond the
/// clock skew, and never backwards.
@Suite struct SourceRefreshTests {
    @Test func anUndeclaredSourceIsRefusedNamingIt() async throws {
        let f = try HealingFixture()
        defer { f.close() }
        await #expect {
            _ = try await f.remediator.sourceRefreshed("MarketIntell", tenant: "default", at: nil, by: "key:test")
        } throws: { error in
            guard case HealingError.invalid(let problems) = error else { return false }
            return problems.map(\.field) == ["name"] && problems[0].reason.contains("MarketIntell") && problems[0].reason.contains("did you mean 'MarketIntel'")
        }
        #expect(try await f.source("MarketIntell") == nil)
    }

    @Test func anAtBeyondTheSkewIsRefusedAndANearerOneCountsAsNow() async throws {
        let f = try HealingFixture()
        defer { f.close() }
        let now = f.clock.now()
        await #expect {
            _ = try await f.remediator.sourceRefreshed("MarketIntel", tenant: "default", at: now.adding(seconds: 365 * 86_400), by: "key:test")
        } throws: { error in
            guard case HealingError.invalid(let problems) = error else { return false }
            return problems.map(\.field) == ["at"] && problems[0].reason.contains("300 s")
        }
        let row = try await f.remediator.sourceRefreshed("MarketIntel", tenant: "default", at: now.adding(seconds: 200), by: "key:test")
        #expect(row.lastRefreshedAt == now)
    }

    @Test func aRefreshNeverMovesTheRecordedOneBackwards() async throws {
        let f = try HealingFixture()
        defer { f.close() }
        let now = f.clock.now()
        _ = try await f.remediator.sourceRefreshed("MarketIntel", tenant: "default", at: now, by: "key:test")
        await #expect {
            _ = try await f.remediator.sourceRefreshed("MarketIntel", tenant: "default", at: now.adding(seconds: -3600), by: "key:test")
        } throws: { error in
            guard case HealingError.conflict(let why) = error else { return false }
            return why.contains("later than")
        }
        let row = try #require(try await f.source("MarketIntel"))
        #expect(row.lastRefreshedAt == now && row.lastKnownGoodAt == now)
        #expect(try await f.entries(kind: "source.refreshed").count == 1)
    }
}
