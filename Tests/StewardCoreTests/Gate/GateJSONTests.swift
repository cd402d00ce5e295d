import Foundation
import Testing
import StewardCore

/// The gate's direct JSON must be exactly what its `Encodable` conformance writes: Foundation's
/// JSONEncoder (which knows nothing of the shortcut) is the reference.
@Suite("Gate JSON")
struct GateJSONTests {
    func reference(_ value: some Encodable) throws -> [UInt8] {
        try CanonicalJSON.encode(JSONReader.parse(Array(JSONEncoder().encode(value))))
    }

    @Test func directJSONMatchesEncodable() throws {
        let decisions = [
            GateFixture.decide(),
            GateFixture.decide(GateFixture.input(GateFixture.type("send_email"))),
            GateFixture.decide(GateFixture.input(activity: DecisionActivity(lastDecisionAt: GateFixture.now, openActions: 1))),
            GateFixture.decide(rules: [
                PolicyRule(name: "shadow", condition: "true", effect: .block, mode: .warn),
                PolicyRule(name: "audit", condition: "true", effect: .block, mode: .audit),
            ]),
            GateFixture.decide(GateFixture.input(
                GateFixture.type("create_internal_note"), proposal: GateFixture.proposal(trigger: .schedule),
                autonomy: AutonomyState(tenantMode: .scheduled, scheduledOptIn: true, autopilotScope: GateFixture.lowRiskNames),
                activity: DecisionActivity(lastDecisionAt: GateFixture.now))),
        ]
        #expect(Set(decisions.map(\.outcome)).count >= 3)
        for decision in decisions {
            #expect(try CanonicalJSON.encode(decision.jsonValue) == (try reference(decision)))
            #expect(try CanonicalJSON.encode(JSONValueEncoder.encode(decision)) == (try reference(decision)))
            let record = ActionRecord(
                proposal: GateFixture.proposal(), status: .pendingApproval, decision: decision, predictedSuccess: 0.5,
                createdAt: GateFixture.now, updatedAt: GateFixture.now, expiresAt: GateFixture.now, idempotencyKey: "act_1")
            #expect(try CanonicalJSON.encode(JSONValueEncoder.encode(record)) == (try reference(record)))
        }
        #expect(try CanonicalJSON.encode(JSONValueEncoder.encode(GateFixture.input())) == (try reference(GateFixture.input())))
    }
}
