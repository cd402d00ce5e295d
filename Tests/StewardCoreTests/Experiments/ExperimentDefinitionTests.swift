import Testing
import StewardCore

@Suite("Experiment definition")
struct ExperimentDefinitionTests {
    static let valid: JSONValue = [
        "name": "speed-optimization-v1", "skill": "git-push", "control": "current", "treatment": "candidate_A", "trafficSplit": 0.1,
        "durationDays": 7, "minimumSample": 200,
        "goals": [["metric": "latency", "direction": "decrease", "minimumImprovement": 0.1]],
        "guardrails": [["metric": "success_rate", "maxRegression": 0.02], ["metric": "latency", "maxRegression": 0.2]],
    ]

    static func problems(_ body: JSONValue, strategies: [String] = []) -> [String] {
        do {
            _ = try ExperimentDefinition.read(body, strategies: { _ in strategies })
            return []
        } catch {
            return error.problems.map(\.field)
        }
    }

    @Test func aValidDefinitionReadsWithDefaults() throws {
        let definition = try ExperimentDefinition.read(Self.valid)
        #expect(definition.trafficSplit == 0.1 && definition.minimumSample == 200 && definition.significanceLevel == 0.05)
        #expect(definition.guardrails.count == 2 && definition.goals[0].direction == .decrease)
        let e = definition.start(id: "x", at: Timestamp(millisecondsSinceEpoch: 0), by: "key:k")
        #expect(e.endsAt.millisecondsSinceEpoch == 7 * 86_400_000 && e.isRunning)
    }

    /// QA r4 fuzz M1: `7.0` is the integer 7, as JSON Schema (and every other integer field) counts it.
    @Test func anIntegerMayBeWrittenWithAZeroFraction() throws {
        guard case .object(var members) = Self.valid else { return }
        members["durationDays"] = .double(7.0)
        members["minimumSample"] = .double(2e2)
        let definition = try ExperimentDefinition.read(.object(members))
        #expect(definition.minimumSample == 200)
    }

    @Test(arguments: [
        ("trafficSplit", JSONValue.double(1.0)), ("trafficSplit", .int(0)), ("trafficSplit", .string("half")),
        ("durationDays", .int(0)), ("durationDays", .double(1.5)), ("minimumSample", .int(1)), ("minimumSample", .int(99)), ("significanceLevel", .double(0.7)),
        ("name", .string("")), ("treatment", .string("current")), ("goals", .array([])), ("colour", .string("red")),
    ])
    func eachBadFieldIsNamed(_ field: String, _ value: JSONValue) {
        guard case .object(var members) = Self.valid else { return }
        members[field] = value
        #expect(Self.problems(.object(members)) == [field])
    }

    @Test func nestedProblemsCarryTheirPath() {
        guard case .object(var members) = Self.valid else { return }
        members["goals"] = [["metric": "speed", "direction": "up"]]
        members["guardrails"] = [["metric": "cost"]]
        members.removeValue(forKey: "skill")
        #expect(Set(Self.problems(.object(members))) == ["goals[0].metric", "goals[0].direction", "guardrails[0].maxRegression", "skill"])
    }

    @Test func configuredStrategiesAreEnforced() {
        #expect(Self.problems(Self.valid, strategies: ["current", "candidate_B"]) == ["treatment"])
        #expect(Self.problems(Self.valid, strategies: ["current", "candidate_A"]).isEmpty)
    }
}
