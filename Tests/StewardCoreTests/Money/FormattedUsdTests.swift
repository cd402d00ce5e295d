import Testing
import StewardCore

/// Money in sentences (QA F19): amounts under a cent were shown ten times too small, and a
/// budget's floating-point residue reached the reader.
@Suite struct FormattedUsdTests {
    @Test(arguments: [
        (0.0, "$0.00"), (0.3, "$0.30"), (1.25, "$1.25"), (100, "$100.00"), (9.5, "$9.50"),
        (0.009, "$0.009"), (0.009000000000000008, "$0.009"), (0.0095, "$0.01"), (0.00999, "$0.01"),
        (0.002, "$0.002"), (0.0001, "$0.001"), (0.015, "$0.015"), (0.05, "$0.05"), (0.3 - 0.291, "$0.009"),
        (1234.5, "$1234.50"), (-0.5, "-$0.50"), (-0.004, "-$0.004"),
    ] as [(Double, String)])
    func readsAsPeopleWriteIt(amount: Double, shown: String) {
        #expect(String(describing: FormattedUsd(amount)) == shown)
    }

    @Test func theCostGateShowsAFractionOfACentAsItIs() {
        // $0.009 left of a $0.30 cap (below the reserve): the detail said "$0.0010".
        let budget = BudgetState(tenantSpentUsd: 0.291, tenantCapUsd: 0.3, accountAutonomousActions: 0, accountDailyLimit: 10)
        let verdict = CostGate.evaluate(CostGateTests.input(.schedule, budget: budget), settings: .default)
        #expect(verdict.reason == "BUDGET_LOW")
        #expect(verdict.detail.hasPrefix("$0.009 of today's budget is left"))
    }
}
