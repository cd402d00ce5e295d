import Testing
@testable import StewardCore

/// Expected values computed with scipy 1.17.1: `scipy.stats.mannwhitneyu(treatment, control,
/// method="asymptotic", use_continuity=True)` (z recovered as ±norm.isf(p/2)), and the pooled
/// two-proportion z with `scipy.stats.norm.sf` for the p-value.
@Suite("Experiment statistics")
struct ExperimentStatisticsTests {
    static func close(_ a: Double, _ b: Double, _ tolerance: Double = 1e-9) -> Bool { abs(a - b) <= tolerance * max(1, abs(b)) }

    @Test func standardNormalCDFAndTwoSidedPValues() {
        #expect(Self.close(StandardNormal.cdf(1.96), 0.9750021048517795))
        #expect(Self.close(StandardNormal.cdf(-3.5), 0.00023262907903552502))
        // The far tail keeps its relative precision.
        #expect(Self.close(StandardNormal.twoSidedPValue(8), 1.244192114854348e-15, 1e-6))
        #expect(StandardNormal.twoSidedPValue(0) == 1)
        #expect(StandardNormal.twoSidedPValue(.nan) == 1)
    }

    @Test(arguments: [
        // (control successes, n, treatment successes, n, z, p)
        (45, 100, 56, 100, 1.5557127061904528, 0.11977642377972286),
        (180, 200, 190, 200, 1.8983159915049959, 0.05765446863352148),
        (950, 1000, 800, 1000, -10.141851056742192, 3.602083368582861e-24),
    ])
    func twoProportionMatchesScipy(_ c: Int, _ nc: Int, _ t: Int, _ nt: Int, _ z: Double, _ p: Double) {
        let test = TwoProportionTest(controlSuccesses: c, controlCount: nc, treatmentSuccesses: t, treatmentCount: nt)
        #expect(Self.close(test.z, z))
        #expect(Self.close(test.pValue, p, 1e-6))
        #expect(Self.close(test.difference, Double(t) / Double(nt) - Double(c) / Double(nc)))
    }

    @Test func twoProportionWithoutVariationIsNoEvidence() {
        let all = TwoProportionTest(controlSuccesses: 50, controlCount: 50, treatmentSuccesses: 30, treatmentCount: 30)
        #expect(all.z == 0 && all.pValue == 1)
        let empty = TwoProportionTest(controlSuccesses: 0, controlCount: 0, treatmentSuccesses: 3, treatmentCount: 4)
        #expect(empty.pValue == 1)
    }

    @Test(arguments: [
        // (control, treatment, U of treatment, p, z)
        ([19.0, 22, 16, 29, 24], [20.0, 11, 17, 12], 3.0, 0.11134688653314041, -1.592168332809066),
        // Ties inside and across the arms: the tie correction matters here.
        ([1.0, 2, 2, 3, 3, 3, 4, 5], [3.0, 4, 4, 5, 5, 6, 7, 7, 8], 64.5, 0.006373133838085873, 2.727939278646863),
        ([120.0, 135, 150, 150, 160, 170, 180, 200, 210, 250, 300, 320], [100.0, 105, 110, 120, 120, 125, 130, 140, 150, 155],
         12.0, 0.0016943556512820303, -3.139155404472938),
    ])
    func mannWhitneyMatchesScipy(_ control: [Double], _ treatment: [Double], _ u: Double, _ p: Double, _ z: Double) {
        let test = MannWhitneyU(control: control, treatment: treatment)
        #expect(test.u == u)
        #expect(Self.close(test.pValue, p, 1e-7))
        #expect(Self.close(test.z, z, 1e-7))
    }

    @Test func mannWhitneyEffectSizesAndDegenerateSamples() {
        let test = MannWhitneyU(control: [1, 2, 3, 4], treatment: [5, 6, 7])
        #expect(test.u == 12 && test.probabilityOfSuperiority == 1)
        #expect(test.controlMedian == 2.5 && test.treatmentMedian == 6 && test.treatmentMean == 6)
        let same = MannWhitneyU(control: [5, 5, 5], treatment: [5, 5])
        #expect(same.pValue == 1 && same.z == 0)
        let empty = MannWhitneyU(control: [], treatment: [1])
        #expect(empty.pValue == 1 && empty.probabilityOfSuperiority == 0.5)
    }
}
