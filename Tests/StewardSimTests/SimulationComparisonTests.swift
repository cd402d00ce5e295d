import Testing
@testable import StewardSim

@Suite("Simulation comparison")
struct SimulationComparisonTests {
    typealias Recovery = SimulationReport.ClassRecovery

    @Test func banditImprovementComparesEachClassWithItsFixedPlaybookMTTR() throws {
        // TRANSIENT: 30 bandit incidents at 1.5 min against 1.0 fixed; CAPACITY: 10 at 1.0 against 2.0.
        // Fixed for the bandit's mix: 30 × 1 + 10 × 2 = 50; bandit: 30 × 1.5 + 10 × 1 = 55 → −10%.
        let bandit = ["TRANSIENT": Recovery(incidents: 30, mttrMinutes: 1.5), "CAPACITY": Recovery(incidents: 10, mttrMinutes: 1)]
        let improvement = try #require(SimulationComparison.banditImprovement(bandit, against: ["TRANSIENT": 1, "CAPACITY": 2, "CONFIG": 7]))
        #expect(abs(improvement - -0.1) < 1e-12)
        // A class the fixed tier never resolved is left out; none in common gives no figure.
        #expect(SimulationComparison.banditImprovement(["DATA_DEP": Recovery(incidents: 5, mttrMinutes: 1)], against: ["CONFIG": 7]) == nil)
        #expect(SimulationComparison.banditImprovement([:], against: ["CONFIG": 7]) == nil)
    }
}
