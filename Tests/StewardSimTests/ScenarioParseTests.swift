import StewardCore
import Testing
@testable import StewardSim

@Suite("Scenario files")
struct ScenarioParseTests {
    /// QA r4 sim L5: slots outside the engine's concurrency were reported alone, after every other
    /// problem was fixed, and without a line and column.
    @Test func slotsOutsideTheEnginesConcurrencyAreReportedWithTheOtherProblems() {
        let yaml = """
            bogus: 1
            agents:
              - { name: A, domain: Revenue, slots: 9 }
            """
        #expect {
            try Scenario.parse(yaml: yaml, file: "slots.yaml", slots: (1...8, "by default"))
        } throws: { error in
            let problems = (error as? ScenarioError)?.problems ?? []
            return problems.count == 2 && problems.contains { $0.hasPrefix("slots.yaml:1:1: bogus") }
                && problems.contains { $0.hasPrefix("slots.yaml:3:5: agents[0].slots: agent 'A' declares 9 slots, outside the engine's remediation.concurrency, 1 to 8 by default") }
        }
    }

    @Test func theStandardScenarioParsesToAHundredAgentsAtTheDocumentedRates() throws {
        let scenario = try Scenario.parse(yaml: FleetTesting.shippedScenario("standard"), file: "standard.yaml")
        #expect(scenario.name == "standard")
        #expect(scenario.agents.count == 100)
        #expect(scenario.agents.prefix(6).map(\.name) == ["CEO", "ChiefOfStaff", "CRO", "CMO", "Content", "COO"])
        #expect(scenario.agents.last?.name == "agent-094")
        #expect(scenario.signalIntervalSeconds == 60)
        #expect(abs(scenario.faultRatePerAgentPerHour - 0.1526) < 0.0001)
        #expect(scenario.faults == FaultParameters.defaults)
    }

    @Test func theHostileScenarioParses() throws {
        let scenario = try Scenario.parse(yaml: FleetTesting.shippedScenario("hostile"), file: "hostile.yaml")
        #expect(scenario.agents.count == 100)
        #expect(scenario.parameters(.unfixable).rate > FaultParameters.defaults(for: .unfixable).rate)
        #expect(scenario.parameters(.timeout).misleadingShare > 0)
    }

    @Test func anEmptyMappingGivesTheSeedFleetAndTheDefaults() throws {
        let scenario = try Scenario.parse(yaml: "name: tiny\n", file: "tiny.yaml")
        #expect(scenario == Scenario(name: "tiny"))
    }

    @Test func ownAgentsReplaceTheSeedFleet() throws {
        let yaml = """
            agents:
              - { name: Solo, domain: Revenue, dependencies: [SalesPipeline], slots: 2 }
            generatedAgents: 2
            """
        let scenario = try Scenario.parse(yaml: yaml, file: "own.yaml")
        #expect(scenario.name == "own")
        #expect(scenario.agents.map(\.name) == ["Solo", "agent-001", "agent-002"])
        #expect(scenario.agents[0] == SimAgentSpec(name: "Solo", domain: .revenue, dependencies: ["SalesPipeline"], slots: 2))
    }

    /// A file and the problems it must report, each as a fragment of `file:line:col: field: reason`.
    struct Case: Sendable, CustomTestStringConvertible {
        let yaml: String
        let expected: [String]
        var testDescription: String { expected.joined(separator: "; ") }
    }

    static let cases: [Case] = [
        Case(yaml: "name: x\nsignalIntervalSeconds: abc\n", expected: ["bad.yaml:2:", "signalIntervalSeconds: expected a whole number"]),
        Case(yaml: "name: x\nproposalsPerAgentPerHour: -1\n", expected: ["bad.yaml:2:", "proposalsPerAgentPerHour: -1 is out of range"]),
        Case(yaml: "name: x\nsurprise: 1\n", expected: ["bad.yaml:2:1: surprise: unknown key"]),
        Case(yaml: "faults:\n  timeout: { rate: 0.1 }\n  meteor: { rate: 1 }\n", expected: ["bad.yaml:3:", "faults.meteor: unknown key"]),
        Case(yaml: "faults:\n  timeout:\n    rate: fast\n", expected: ["bad.yaml:3:", "faults.timeout.rate: expected a number"]),
        Case(yaml: "faults:\n  flapping: { misleadingShare: 2 }\n", expected: ["bad.yaml:2:", "faults.flapping.misleadingShare: 2 is out of range"]),
        Case(yaml: "sources: [MarketIntel, Weather]\n", expected: ["bad.yaml:1:", "sources[1]: unknown source 'Weather'"]),
        Case(
            yaml: "agents:\n  - name: A\n    domain: Sales\n  - domain: Revenue\n",
            expected: ["bad.yaml:3:", "agents[0].domain: unknown domain 'Sales'", "bad.yaml:4:", "agents[1].name: every agent needs a name"]),
        Case(yaml: "agents: []\n", expected: ["bad.yaml:1:1: agents: the fleet is empty"]),
        Case(
            yaml: "sources: [MarketIntel]\nagents:\n  - { name: A, domain: Revenue, dependencies: [SalesPipeline] }\n",
            expected: ["bad.yaml:3:", "agents[0].dependencies[0]: 'SalesPipeline' is not among the scenario's sources"]),
        Case(yaml: "name: x\nmanualFixMinutes: 0\n", expected: ["bad.yaml:2:19: manualFixMinutes: 0 is out of range 1...100000"]),
        Case(yaml: "", expected: ["bad.yaml:1:1: (document): the file is empty; write {} for the seed fleet"]),
        Case(yaml: "name: [unclosed\n", expected: ["bad.yaml:", "invalid YAML"]),
        // QA (foundation) L4: suggestions as config check gives them, and the agent's own place.
        Case(yaml: "name: x\ngeneratedAgnts: 3\n", expected: ["bad.yaml:2:1: generatedAgnts: unknown key 'generatedAgnts'; did you mean 'generatedAgents'?"]),
        Case(yaml: "agents:\n  - {name: A, domain: Revnue}\n", expected: ["agents[0].domain: unknown domain 'Revnue'; did you mean 'Revenue'?"]),
        Case(
            yaml: "agents:\n  - {name: Alpha, domain: Revenue}\nopening:\n  - atSeconds: 10\n    agent: Alpah\n    fault: timeout\n",
            expected: ["bad.yaml:5:12: opening[0].agent: no agent named 'Alpah' in the fleet; did you mean 'Alpha'?"]),
        Case(
            yaml: "agents:\n  - { name: \"agent with spaces\", domain: Revenue }\n",
            expected: ["bad.yaml:2:", "agents[0].name: 'agent with spaces' must be 1 to 128 letters"]),
    ]

    /// A verification waits for the agent's next signal: slow reporters get two intervals of it.
    @Test func theVerifyTimeoutCoversTwoReportingIntervals() {
        let agents = Scenario.seedFleet
        #expect(SimulationConfiguration.make(agents: agents, tier: .tier2).remediation.verifyTimeoutSeconds == 120)
        #expect(SimulationConfiguration.make(agents: agents, tier: .tier2, signalIntervalSeconds: 300).remediation.verifyTimeoutSeconds == 600)
        #expect(SimulationConfiguration.make(agents: agents, tier: .tier1, signalIntervalSeconds: 15).remediation.verifyTimeoutSeconds == 120)
    }

    @Test(arguments: cases)
    func problemsNameTheFileLineAndField(_ test: Case) {
        #expect(throws: ScenarioError.self) { try Scenario.parse(yaml: test.yaml, file: "bad.yaml") }
        do {
            _ = try Scenario.parse(yaml: test.yaml, file: "bad.yaml")
        } catch {
            let text = error.description
            for fragment in test.expected { #expect(text.contains(fragment), "\(text)") }
        }
    }

    /// Agents the file did not list (the seed fleet, generated ones) read only the declared sources.
    @Test func unlistedAgentsReadOnlyTheDeclaredSources() throws {
        let one = try Scenario.parse(yaml: "sources: [MarketIntel]\ngeneratedAgents: 10\n", file: "one.yaml")
        #expect(one.agents.count == 16)
        let read = Set(one.agents.flatMap(\.dependencies))
        #expect(read == ["MarketIntel"])
        let generated = one.agents.filter { $0.name.hasPrefix("agent-") }
        #expect(generated.count == 10 && generated.map(\.dependencies) == Array(repeating: ["MarketIntel"], count: 10))
        let none = try Scenario.parse(yaml: "sources: []\ngeneratedAgents: 3\n", file: "none.yaml")
        #expect(none.agents.flatMap(\.dependencies).isEmpty)
    }

    @Test func aFleetOfRefusedAgentsIsNotAlsoCalledEmpty() {
        do {
            _ = try Scenario.parse(yaml: "agents:\n  - name: A\n    domain: Sales\n", file: "bad.yaml")
            Issue.record("expected an error")
        } catch {
            #expect(error.problems.count == 1 && !error.description.contains("empty"), "\(error)")
        }
    }

    @Test func problemsComeInFileOrder() {
        do {
            _ = try Scenario.parse(yaml: "name: x\nsignalIntervalSeconds: 0\nsurprise: 1\nfaults:\n  timeout: { rate: -1 }\n  timout: {}\n", file: "bad.yaml")
            Issue.record("expected an error")
        } catch {
            let places = error.problems.map { $0.split(separator: ":").prefix(3).joined(separator: ":") }
            #expect(places == ["bad.yaml:2:24", "bad.yaml:3:1", "bad.yaml:5:20", "bad.yaml:6:3"], "\(error)")
        }
    }

    /// QA (scenarios) F4: an entry refused for one fault still has its references checked, so a
    /// repeated name, a misspelt source and an unknown opening agent show in the same run.
    @Test func referencesOfRefusedEntriesAreCheckedInTheSameRun() {
        let yaml = """
            agents:
              - {name: a1, domain: Revnue, dependencies: [SalesPipline]}
              - {name: a1, domain: Revenue}
            opening:
              - {atSeconds: 1, agent: nobody, fault: explode}
            """
        do {
            _ = try Scenario.parse(yaml: yaml, file: "bad.yaml")
            Issue.record("expected an error")
        } catch {
            #expect(error.problems == [
                "bad.yaml:2:24: agents[0].domain: unknown domain 'Revnue'; did you mean 'Revenue'?",
                "bad.yaml:2:47: agents[0].dependencies[0]: 'SalesPipline' is not among the scenario's sources (MarketIntel, ContentBriefs, SalesPipeline); did you mean 'SalesPipeline'?",
                "bad.yaml:3:12: agents[1].name: agent 'a1' is declared twice (first as agents[0])",
                "bad.yaml:5:27: opening[0].agent: no agent named 'nobody' in the fleet",
                "bad.yaml:5:42: opening[0].fault: unknown fault 'explode'; expected one of \(FaultKind.allCases.map(\.rawValue).joined(separator: ", "))",
            ], "\(error)")
        }
    }

    @Test func everyProblemIsReportedAtOnce() {
        do {
            _ = try Scenario.parse(yaml: "signalIntervalSeconds: 0\nhighRiskProposalShare: 3\nbogus: 1\n", file: "many.yaml")
            Issue.record("expected an error")
        } catch {
            #expect(error.problems.count == 3)
        }
    }
}
