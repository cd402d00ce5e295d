import Foundation
import StewardCore
import Testing
@testable import StewardSim

@Suite("Scripted opening")
struct ScriptedOpeningTests {
    static let yaml = """
        name: scripted
        proposalsPerAgentPerHour: 0
        faults: { timeout: { rate: 0 }, rate_limit: { rate: 0 }, temp_network: { rate: 0 }, stale_input: { rate: 0 },
                  missing_input: { rate: 0 }, missing_secret: { rate: 0 }, config_missing: { rate: 0 },
                  directive_conflict: { rate: 0 }, backlog_surge: { rate: 0 }, unfixable: { rate: 0 }, flapping: { rate: 0 },
                  slow_recovery: { rate: 0 } }
        opening:
          - { atSeconds: 30, agent: CRO, fault: timeout }
          - { atSeconds: 45, agent: CMO, propose: create_internal_note, count: 3 }
          - { atSeconds: 10, agent: CMO, propose: send_email }
        """

    @Test func theOpeningHappensAtItsTimesWhateverTheSeed() throws {
        let scenario = try Scenario.parse(yaml: Self.yaml, file: "scripted.yaml")
        #expect(scenario.opening.count == 3)
        for seed: UInt64 in [1, 2, 99] {
            var fleet = Fleet(scenario: scenario, seed: seed, start: FleetTesting.start)
            // Nothing else strikes or proposes here, so all that happens is the script.
            var proposals: [FleetProposal] = []
            var faultyAt: Timestamp?
            for minute in 1...3 {
                for event in fleet.advance(to: FleetTesting.start.adding(seconds: Double(minute * 60))) {
                    switch event {
                    case .proposal(let p): proposals.append(p)
                    case .signal(let s) where s.agent == "CRO" && s.status == .error && faultyAt == nil: faultyAt = s.ts
                    case .signal: break
                    }
                }
            }
            #expect(proposals.map(\.type) == ["send_email", "create_internal_note", "create_internal_note", "create_internal_note"])
            #expect(Set(proposals.dropFirst().map(\.account)).count == 3, "each of a burst goes to its own account")
            #expect(fleet.truth(agent: "CRO")?.kind == "timeout" && fleet.injected["timeout"] == 1)
            let first = try #require(faultyAt)
            #expect(first >= FleetTesting.start.adding(seconds: 30) && first < FleetTesting.start.adding(seconds: 91))
        }
    }

    @Test func badEventsAreReportedWithTheirField() {
        let yaml = """
            name: bad
            opening:
              - { atSeconds: 5, agent: Nobody, fault: timeout }
              - { atSeconds: 5, agent: CRO, fault: gremlins }
              - { atSeconds: 5, agent: CRO, propose: launch_rocket }
              - { atSeconds: 5, agent: CRO, fault: timeout, propose: send_email }
              - { agent: CRO, fault: timeout }
            """
        #expect {
            try Scenario.parse(yaml: yaml, file: "bad.yaml")
        } throws: { error in
            let problems = (error as? ScenarioError)?.problems ?? []
            return problems.contains { $0.contains("opening[0].agent: no agent named 'Nobody'") }
                && problems.contains { $0.contains("opening[1].fault: unknown fault 'gremlins'") }
                && problems.contains { $0.contains("opening[2].propose: unknown action type 'launch_rocket'") }
                && problems.contains { $0.contains("opening[3]: give either fault or propose") }
                && problems.contains { $0.contains("opening[4].atSeconds: every event needs a time") }
        }
    }

    /// QA r4 sim M2: a scripted stale_input while the agent's sources were fresh, or an input
    /// fault on an agent without sources, was dropped without a word.
    @Test func aScriptedInputFaultStrikesOrIsRefusedAtLoad() throws {
        let fresh = Self.yaml.replacingOccurrences(of: "agent: CRO, fault: timeout", with: "agent: CRO, fault: stale_input")
        let scenario = try Scenario.parse(yaml: fresh, file: "scripted.yaml")
        var fleet = Fleet(scenario: scenario, seed: 1, start: FleetTesting.start)
        _ = fleet.advance(to: FleetTesting.start.adding(seconds: 60))
        #expect(fleet.truth(agent: "CRO")?.kind == "stale_input" && fleet.injected["stale_input"] == 1)

        let lonely = """
            name: lonely
            agents:
              - { name: Lonely, domain: Content, dependencies: [], slots: 2 }
            opening:
              - { atSeconds: 30, agent: Lonely, fault: stale_input }
              - { atSeconds: 40, agent: Lonely, fault: directive_conflict }
            """
        #expect {
            try Scenario.parse(yaml: lonely, file: "lonely.yaml")
        } throws: { error in
            let problems = (error as? ScenarioError)?.problems ?? []
            return problems.contains { $0.contains("opening[0].fault: agent 'Lonely' depends on no source (its dependencies are empty), so it cannot have stale_input") }
                && problems.contains { $0.contains("opening[1].fault: a directive_conflict needs a second agent to conflict with") }
        }
    }

    @Test func theDemoOpensWithItsScript() throws {
        let demo = try Scenario.parse(yaml: DemoScenario.yaml, file: "demo")
        #expect(demo.opening.count == 5)
        #expect(demo.opening.contains { $0.action == .proposals(type: "send_email", count: 1) })
        #expect(DemoScenario.configuration(agents: demo.agents).contains("verifyGraceSeconds: 30"))
    }
}
