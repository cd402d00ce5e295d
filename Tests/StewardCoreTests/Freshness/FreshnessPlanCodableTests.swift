import Foundation
@testable import StewardCore
import Testing

/// A freshness plan is written as a tagged object and reads back as the same plan.
@Suite("Freshness plan JSON")
struct FreshnessPlanCodableTests {
    static let plans: [FreshnessPlan] = [
        .proceed(FreshnessCheck(source: "MarketIntel", ageMinutes: 12.5, targetMinutes: 60, status: .fresh)),
        .proceed(FreshnessCheck(source: "CRMData", ageMinutes: nil, targetMinutes: nil, status: .uncontracted)),
        .refresh(source: "MarketIntel", steps: FreshnessPlan.refreshSteps),
        .useFallback(source: "MarketIntel", fallback: "PartnerFeeds"),
        .degrade(source: "MarketIntel", mode: .useLastKnownGood(maxAgeSeconds: 21_600), scope: "using MarketIntel data from 2h ago (limit 6h)"),
        .degrade(source: "MarketIntel", mode: .reducedScope, scope: "reduced scope: the task goes on without MarketIntel data"),
    ]

    @Test("Round trip, with the action tag and the explanation in the JSON", arguments: plans)
    func roundTrip(_ plan: FreshnessPlan) throws {
        let data = try JSONEncoder().encode(plan)
        #expect(try JSONDecoder().decode(FreshnessPlan.self, from: data) == plan)
        let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        #expect(object?["action"] as? String == plan.action)
        #expect(object?["explanation"] as? String == plan.explanation)
    }

    @Test("The degrade mode is written in the steward.yaml notation")
    func modeNotation() throws {
        let data = try JSONEncoder().encode(Self.plans[4])
        let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        #expect(object?["mode"] as? String == "UseLastKnownGood<=6h")
        #expect(object?["scope"] as? String == "using MarketIntel data from 2h ago (limit 6h)")
    }

    @Test("An unknown action is a decoding error")
    func unknownAction() {
        let json = Data(#"{"action":"panic","source":"MarketIntel"}"#.utf8)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(FreshnessPlan.self, from: json) }
    }

    @Test("Allocation types round-trip too")
    func allocationRoundTrip() throws {
        let plan = RebalancePlan(
            allocations: ["CRO": 6, "CMO": 2], moves: [SlotMove(from: "CMO", to: "CRO", slots: 2, reason: "r")],
            preemptions: [Preemption(agent: "CMO", slots: 1, reason: "p")], roi: ["CRO": 10, "CMO": 0.1])
        #expect(try JSONDecoder().decode(RebalancePlan.self, from: JSONEncoder().encode(plan)) == plan)
        let error = AllocationError.unknownAgent("COO")
        #expect(try JSONDecoder().decode(AllocationError.self, from: JSONEncoder().encode(error)) == error)
    }
}
