import StewardCore
import StewardEngine
import StewardTestSupport
import Testing

/// `checkFreshness(context.dependencies[0])` for a signal that names no dependency reads the
/// agent's declared dependencies instead, and says so truthfully when there are none.
@Suite struct CheckFreshnessSourceTests {
    private func fixture() throws -> HealingFixture {
        try HealingFixture { c in
            c.playbooks.removeAll { $0.name == "RepairDataDependency" }
        }
    }

    @Test func withoutASourceInTheSignalTheDeclaredDependencyIsChecked() async throws {
        let f = try fixture()
        defer { f.close() }
        // CRO declares SalesPipeline; its signal names no dependency.
        let receipt = try await f.signal("CRO", .error, errorCode: .staleData)
        let incident = try await f.incident(receipt.incident)
        #expect(incident.attempts[0].playbook == "FreshnessFirstRetry")
        let check = try #require(incident.attempts[0].steps.first)
        #expect(check.primitive == .checkFreshness)
        #expect(check.args["source"] == "SalesPipeline")
        #expect(check.response?["source"] == "SalesPipeline")
        #expect(check.detail.hasPrefix("SalesPipeline is"))
    }

    @Test func anAgentWithoutDeclaredDependenciesIsToldSoTruthfully() async throws {
        let f = try fixture()
        defer { f.close() }
        let receipt = try await f.signal("Newcomer", .error, errorCode: .staleData)
        let incident = try await f.incident(receipt.incident)
        let check = try #require(incident.attempts[0].steps.first)
        #expect(check.primitive == .checkFreshness && check.status == .succeeded)
        #expect(check.detail.contains("no source to check") && check.detail.contains("Newcomer declares no dependencies"), "\(check.detail)")
    }
    /// A source refreshed a moment ago is still stale to the agent that says so after the refresh:
    /// its STALE_DATA report weighs over the contract's clock, and the refresh runs.
    @Test func anAgentsStaleReportAfterTheLastRefreshCounts() async throws {
        let f = try fixture()
        defer { f.close() }
        _ = try await f.remediator.sourceRefreshed("SalesPipeline", tenant: "default", at: nil, by: "key:test")
        f.clock.advance(seconds: 30)
        let receipt = try await f.signal("CRO", .error, errorCode: .staleData, dependencies: ["SalesPipeline"])
        let incident = try await f.incident(receipt.incident)
        let steps = incident.attempts[0].steps
        let check = try #require(steps.first)
        #expect(check.primitive == .checkFreshness && check.response?["stale"] == .bool(true) && check.response?["reportedStale"] == .bool(true))
        #expect(check.detail.contains("reported STALE_DATA after its last refresh"), "\(check.detail)")
        let refresh = try #require(steps.first { $0.primitive == .refreshIfStale })
        #expect(!refresh.detail.contains("nothing to refresh"), "\(refresh.detail)")
        // QA healing F1: the source is refreshed, not waved through as fresh by its clock.
        #expect(refresh.detail.contains("is stale, so before the retry") && refresh.detail.contains("CRO reported it stale"), "\(refresh.detail)")
        let after = try await f.incident(receipt.incident)
        #expect(after.attempts[0].plan.map(\.primitive).contains(.refetchSource), "\(after.attempts[0].plan.map(\.primitive))")
    }

    /// QA healing F2: `refetchSource(context.dependencies[0])` for a signal that names no
    /// dependency refetches the agent's declared source instead of failing every time.
    @Test func aRefetchWithoutASourceInTheSignalUsesTheDeclaredOne() async throws {
        let f = try HealingFixture { c in c.playbooks.removeAll { $0.name == "FreshnessFirstRetry" } }
        defer { f.close() }
        let receipt = try await f.signal("CRO", .error, errorCode: .staleData)
        let incident = try await f.incident(receipt.incident)
        #expect(incident.attempts[0].playbook == "RepairDataDependency")
        let refetch = try #require(incident.attempts[0].steps.first { $0.primitive == .refetchSource })
        #expect(refetch.args["source"] == "SalesPipeline" && refetch.status == .succeeded, "\(refetch.detail)")
    }

    /// A source nobody declared is not called fresh: its freshness is unknown.
    @Test func anUndeclaredSourceIsUnknownNotFresh() async throws {
        let f = try fixture()
        defer { f.close() }
        let stale = try await f.signal("Other", .error, errorCode: .staleData, dependencies: ["NoSuchSource"])
        let incident = try await f.incident(stale.incident)
        let check = try #require(incident.attempts[0].steps.first)
        #expect(check.primitive == .checkFreshness && check.response?["declared"] == .bool(false))
        #expect(check.detail.contains("not a source declared") && !check.detail.contains("is fresh"), "\(check.detail)")
    }
}
