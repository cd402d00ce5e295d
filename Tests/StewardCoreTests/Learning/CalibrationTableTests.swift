import Testing
import StewardCore

@Suite struct CalibrationTableTests {
    func close(_ a: Double?, _ b: Double, tolerance: Double = 1e-12) -> Bool {
        guard let a else { return false }
        return abs(a - b) < tolerance
    }

    @Test func handComputedExample() throws {
        let table = CalibrationTable(pairs: [
            (0.05, 0), (0.15, 0), (0.15, 1), (0.7, 0.5), (0.95, 1), (1.0, 1),
        ])
        #expect(table.count == 6)
        #expect(table.bins.map(\.count) == [1, 2, 0, 0, 0, 0, 0, 1, 0, 2])
        #expect(close(table.bins[0].meanPredicted, 0.05) && table.bins[0].observedRate == 0)
        #expect(close(table.bins[1].meanPredicted, 0.15) && table.bins[1].observedRate == 0.5)
        #expect(close(table.bins[7].meanPredicted, 0.7) && table.bins[7].observedRate == 0.5)
        #expect(close(table.bins[9].meanPredicted, 0.975) && table.bins[9].observedRate == 1)
        #expect(table.bins[2].meanPredicted == nil && table.bins[2].observedRate == nil)
        // (0.0025 + 0.0225 + 0.7225 + 0.04 + 0.0025 + 0) / 6
        #expect(close(table.brierScore, 0.79 / 6))
        // (1 × 0.05 + 2 × 0.35 + 1 × 0.2 + 2 × 0.025) / 6
        #expect(close(table.expectedCalibrationError, 1.0 / 6))
    }

    @Test func binBounds() {
        let table = CalibrationTable(pairs: [])
        #expect(table.bins.count == 10)
        for (i, bin) in table.bins.enumerated() {
            #expect(bin.lower == Double(i) / 10)
            #expect(bin.upper == Double(i + 1) / 10)
        }
    }

    @Test("a prediction lands in the decile whose bounds hold it", arguments: [
        (0.0, 0), (0.0999, 0), (0.1, 1), (0.3, 3), (0.6, 6), (0.7, 7), (0.8, 8), (0.8999, 8),
        (0.8999999999999999, 8), (0.9, 9), (0.99, 9), (1.0, 9), (1.7, 9), (-0.3, 0),
    ])
    func binning(predicted: Double, bin: Int) {
        let table = CalibrationTable(pairs: [(predicted, 1)])
        #expect(table.bins[bin].count == 1)
        #expect(table.bins.map(\.count).reduce(0, +) == 1)
    }

    @Test func outOfRangeValuesAreClamped() {
        let table = CalibrationTable(pairs: [(1.4, 1), (-0.2, 0), (0.5, 2)])
        #expect(table.bins[9].meanPredicted == 1)
        #expect(table.bins[0].meanPredicted == 0)
        #expect(table.bins[5].observedRate == 1)
        #expect(close(table.brierScore, 0.25 / 3))
    }

    @Test func nonFiniteValuesAreLeftOut() {
        let table = CalibrationTable(pairs: [(.nan, 1), (0.5, .infinity), (0.5, 1)])
        #expect(table.count == 1)
        #expect(close(table.brierScore, 0.25))
    }

    @Test func perfectCalibration() {
        let table = CalibrationTable(pairs: [(0.25, 0), (0.25, 0), (0.25, 0), (0.25, 1), (1, 1)])
        #expect(close(table.expectedCalibrationError, 0))
        #expect(close(table.brierScore, (3 * 0.0625 + 0.5625) / 5))
    }

    @Test func emptyTable() {
        let table = CalibrationTable(pairs: [])
        #expect(table.count == 0)
        #expect(table.brierScore == nil)
        #expect(table.expectedCalibrationError == nil)
        #expect(table.bins.allSatisfy { $0.count == 0 && $0.meanPredicted == nil && $0.observedRate == nil })
    }
}
