import Testing
import StewardCore

@Suite struct CalibrationFromRecordsTests {
    typealias F = DigestFixtures

    @Test func settledRecordsAreScoredAgainstTheirPrediction() throws {
        let records = [
            F.record("s", status: .succeeded, outcome: .autoExecute, at: F.at(9), labels: [.executionSucceeded],
                     predicted: 0.8),
            F.record("n", status: .succeeded, outcome: .autoExecute, at: F.at(9),
                     labels: [.executionSucceeded, .noResponse], predicted: 0.8),
            F.record("r", status: .rejected, outcome: .requireApproval, at: F.at(9), labels: [.ideaRejected],
                     predicted: 0.3),
            F.record("open", status: .pendingApproval, outcome: .requireApproval, at: F.at(9), predicted: 0.9),
            F.record("edited", status: .executing, outcome: .requireApproval, at: F.at(9), labels: [.ideaEdited],
                     predicted: 0.9),
        ]
        let table = CalibrationTable(records: records)
        #expect(table.count == 3)
        #expect(table.bins[8].count == 2 && table.bins[8].observedRate == 0.75)
        #expect(table.bins[3].count == 1 && table.bins[3].observedRate == 0)
        #expect(table.bins[9].count == 0)
        // ((0.2)² + (0.3)² + (0.3)²) / 3
        let brier = try #require(table.brierScore)
        #expect(abs(brier - 0.22 / 3) < 1e-12)
    }
}
