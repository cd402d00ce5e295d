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
}
