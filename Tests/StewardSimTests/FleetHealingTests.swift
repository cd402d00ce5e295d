import StewardCore
import Testing
@testable import StewardSim

@Suite("Fleet healing")
struct FleetHealingTests {
    /// A fault kind, a step that truly fixes it and one that does not.
    struct Case: Sendable, CustomTestStringConvertible {
        let kind: FaultKind
        let fix: String
        let wrong: String
        var testDescription: String { "\(kind.rawValue): \(fix) fixes, \(wrong) does not" }
    }

    static let cases: [Case] = [
        Case(kind: .timeout, fix: "restartAgent", wrong: "refreshCache"),
        Case(kind: .rateLimit, fix: "retryLastTask", wrong: "restartAgent"),
        Case(kind: .tempNetwork, fix: "retryLastTask", wrong: "validateInputs"),
        Case(kind: .staleInput, fix: "refetchSource", wrong: "retryLastTask"),
        Case(kind: .missingInput, fix: "refetchSource", wrong: "refreshCache"),
        Case(kind: .configMissing, fix: "schemaMigrateIfNeeded", wrong: "restartAgent"),
        Case(kind: .directiveConflict, fix: "reassignOverlaps", wrong: "restartAgent"),
        Case(kind: .backlogSurge, fix: "splitDirective", wrong: "retryLastTask"),
        Case(kind: .flapping, fix: "restartAgent", wrong: "retryLastTask"),
        Case(kind: .slowRecovery, fix: "restartAgent", wrong: "retryLastTask"),
    ]

    @Test(arguments: cases)
    func theTrueFixHealsAfterTheDelayAndAWrongOneDoesNot(_ test: Case) throws {
        let scenario = FleetTesting.only(test.kind)
        var fleet = Fleet(scenario: scenario, seed: 21, start: FleetTesting.start)
        let faulty = try #require(FleetTesting.firstFaultySignal(&fleet, kind: test.kind))
        let agent = faulty.agent, domain = try #require(fleet.agents.first { $0.name == agent }).domain
        var now = faulty.ts.adding(seconds: 1)

        _ = fleet.perform(FleetTesting.step(test.wrong, agent), at: now)
        now = now.adding(seconds: 600)
        let afterWrong = FleetTesting.signals(fleet.advance(to: now)).filter { $0.agent == agent }
        #expect(fleet.truth(agent: agent)?.kind == test.kind.rawValue)
        #expect(afterWrong.contains { $0.status != .healthy })

        #expect(fleet.perform(FleetTesting.step(test.fix, agent), at: now).succeeded)
        let healedAt = now.adding(seconds: scenario.parameters(test.kind).recoverySeconds)
        now = healedAt.adding(seconds: 61)
        let next = try #require(FleetTesting.signals(fleet.advance(to: now)).first { $0.agent == agent && $0.ts >= healedAt })
        #expect(fleet.truth(agent: agent) == nil)
        #expect(next.status == .healthy)
        #expect(next.context.errorCode == nil && next.context.conflictId == nil)
        #expect(next.context.lastTaskSucceeded == true && next.context.inputsValid == true && next.context.configHealthy == true)
        #expect(next.metrics.backlogAgeMinutes <= 15 && next.metrics.alignment >= 0.92)

        // The class's default playbook's success criteria hold on that signal.
        let playbook = try #require(Playbook.seedPlaybooks.first { $0.classification == test.kind.trueClass })
        let verification = try SuccessCriteria(Playbook.seedPlaybooks).verify(playbook.name, VerificationFacts(signal: next, domain: domain))
        #expect(verification.outcome == .passed)
    }

    @Test func theFaultIsStillThereUntilTheRecoveryDelayHasPassed() throws {
        let scenario = FleetTesting.only(.slowRecovery)
        var fleet = Fleet(scenario: scenario, seed: 4, start: FleetTesting.start)
        let faulty = try #require(FleetTesting.firstFaultySignal(&fleet, kind: .slowRecovery))
        let now = faulty.ts.adding(seconds: 1)
        _ = fleet.perform(FleetTesting.step("restartAgent", faulty.agent), at: now)
        let soon = FleetTesting.signals(fleet.advance(to: now.adding(seconds: 60))).filter { $0.agent == faulty.agent }
        #expect(soon.count == 1 && soon.allSatisfy { $0.status == .error })
        #expect(fleet.truth(agent: faulty.agent) != nil)
    }

    /// An agent coming back up from a restart that fixes its fault runs no step until it is back
    /// (the driver leaves them handed out), so the playbook's retry runs after the restart.
    @Test func aRestartingAgentRunsNothingUntilItIsBack() throws {
        var fleet = Fleet(scenario: FleetTesting.only(.slowRecovery), seed: 4, start: FleetTesting.start)
        let faulty = try #require(FleetTesting.firstFaultySignal(&fleet, kind: .slowRecovery))
        let now = faulty.ts.adding(seconds: 1)
        #expect(!fleet.isRestarting(agent: faulty.agent, at: now))
        _ = fleet.perform(FleetTesting.step("restartAgent", faulty.agent), at: now)
        #expect(fleet.isRestarting(agent: faulty.agent, at: now.adding(seconds: 60)))
        #expect(!fleet.isRestarting(agent: faulty.agent, at: now.adding(seconds: 91)))
        #expect(fleet.perform(FleetTesting.step("retryLastTask", faulty.agent), at: now.adding(seconds: 91)).succeeded)
    }

    @Test func checkSecretsNamesTheMissingSecretAndNothingFixesIt() throws {
        var fleet = Fleet(scenario: FleetTesting.only(.missingSecret), seed: 2, start: FleetTesting.start)
        let faulty = try #require(FleetTesting.firstFaultySignal(&fleet, kind: .missingSecret))
        let secret = try #require(faulty.context.missingSecrets.first)
        let now = faulty.ts.adding(seconds: 1)
        let result = fleet.perform(FleetTesting.step("checkSecrets", faulty.agent), at: now)
        #expect(!result.succeeded)
        #expect(result.detail.contains(secret))
        for type in ["schemaMigrateIfNeeded", "restartAgent", "retryLastTask", "refetchSource"] {
            _ = fleet.perform(FleetTesting.step(type, faulty.agent), at: now)
        }
        _ = fleet.advance(to: now.adding(seconds: 3600))
        #expect(fleet.truth(agent: faulty.agent)?.fixable == false)
    }

    @Test func unknownAgentsAndStepTypesFail() {
        var fleet = Fleet(scenario: Scenario(name: "seed"), seed: 1, start: FleetTesting.start)
        #expect(!fleet.perform(FleetTesting.step("restartAgent", "Nobody"), at: FleetTesting.start).succeeded)
        #expect(!fleet.perform(FleetTesting.step("danceAround", "CRO"), at: FleetTesting.start).succeeded)
        #expect(fleet.perform(FleetTesting.step("applyAllocation", "CRO", ["slots": 8]), at: FleetTesting.start).succeeded)
    }
}
