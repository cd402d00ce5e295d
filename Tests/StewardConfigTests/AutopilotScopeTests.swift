import Testing
import StewardConfig
import StewardCore

/// QA ops F12: `autonomy.autopilotScope` listed `send_email`, which the gate never runs alone, and
/// `config check` passed it, so the scope an auditor read was not the one in force.
@Suite("Autopilot scope in steward.yaml")
struct AutopilotScopeTests {
    @Test func highRiskAndExternalTypesAreRefusedInTheScopeWithFileLineAndColumn() {
        var found: [ConfigurationError] = []
        do {
            _ = try ConfigurationLoader.load(yaml: """
                autonomy:
                  autopilotScope: [create_internal_note, send_email, modify_pricing]
                """, file: "steward.yaml", environment: [:])
        } catch {
            found = error.errors
        }
        #expect(found.map(\.path) == ["autonomy.autopilotScope[1]", "autonomy.autopilotScope[2]"])
        #expect(found.allSatisfy { $0.file == "steward.yaml" && $0.line == 2 && $0.column != nil })
        #expect(found.first?.message.contains("'send_email' is external and never runs without a person") == true)
        #expect(found.last?.message.contains("'modify_pricing' is high-risk") == true)
    }

    @Test func lowRiskTypesStayAllowed() throws {
        let loaded = try ConfigurationLoader.load(yaml: "autonomy:\n  autopilotScope: [create_internal_note, draft_email]\n", environment: [:])
        #expect(loaded.configuration.autonomy.autopilotScope == ["create_internal_note", "draft_email"])
    }
}
