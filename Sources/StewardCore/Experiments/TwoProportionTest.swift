/// The two-proportion z-test with a pooled standard error: do two arms succeed at different rates?
///
/// z = (p̂t − p̂c) / √(p̂(1 − p̂)(1/nt + 1/nc)), with p̂ = (xt + xc) / (nt + nc); the p-value is
/// two-sided. When every execution of both arms ended alike the rates cannot differ: z = 0, p = 1.
public struct TwoProportionTest: Sendable, Hashable, Codable {
    /// Successes and executions of the control arm.
    public var controlSuccesses: Int
    public var controlCount: Int
    /// Successes and executions of the treatment arm.
    public var treatmentSuccesses: Int
    public var treatmentCount: Int
    /// The z statistic (positive: treatment succeeds more often).
    public var z: Double
    /// Two-sided p-value.
    public var pValue: Double

    /// The control arm's success rate.
    public var controlRate: Double { controlCount > 0 ? Double(controlSuccesses) / Double(controlCount) : 0 }
    /// The treatment arm's success rate.
    public var treatmentRate: Double { treatmentCount > 0 ? Double(treatmentSuccesses) / Double(treatmentCount) : 0 }
    /// The effect size: treatment's rate minus control's, in absolute terms (0.02 = two points).
    public var difference: Double { treatmentRate - controlRate }

    /// The test of `treatmentSuccesses` of `treatmentCount` against `controlSuccesses` of `controlCount`.
    public init(controlSuccesses: Int, controlCount: Int, treatmentSuccesses: Int, treatmentCount: Int) {
        self.controlSuccesses = controlSuccesses
        self.controlCount = controlCount
        self.treatmentSuccesses = treatmentSuccesses
        self.treatmentCount = treatmentCount
        let nc = Double(controlCount), nt = Double(treatmentCount)
        guard nc > 0, nt > 0 else {
            (z, pValue) = (0, 1)
            return
        }
        let pooled = Double(controlSuccesses + treatmentSuccesses) / (nc + nt)
        let standardError = (pooled * (1 - pooled) * (1 / nc + 1 / nt)).squareRoot()
        guard standardError > 0 else {
            (z, pValue) = (0, 1)
            return
        }
        z = (Double(treatmentSuccesses) / nt - Double(controlSuccesses) / nc) / standardError
        pValue = StandardNormal.twoSidedPValue(z)
    }
}
