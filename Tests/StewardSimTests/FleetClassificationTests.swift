import StewardCore
import Testing
@testable import StewardSim

@Suite("Fleet signals and the seed classifier")
struct FleetClassificationTests {
    static let classifiedKinds = FaultKind.allCases.filter { $0.trueClass != nil }

    @Test(arguments: classifiedKinds)
    func aFaultsSignalClassifiesAsItsTrueClass(kind: FaultKind) throws {
        let classifier = try Classifier(ClassifierRule.seedRules)
        var fleet = Fleet(scenario: FleetTesting.only(kind), seed: 3, start: FleetTesting.start)
        let signal = try #require(FleetTesting.firstFaultySignal(&fleet, kind: kind))
        let truth = try #require(fleet.truth(agent: signal.agent))
        let domain = try #require(fleet.agents.first { $0.name == signal.agent }).domain
        #expect(signal.reportsProblem(slo: RemediationSettings.default.slo))
        #expect(classifier.classify(ClassifierFacts(signal: signal, domain: domain))?.classification == truth.trueClass)
        #expect(truth.trueClass == kind.trueClass)
        #expect(!truth.misleading)
    }

    @Test func aTransientFaultClassifiesAsTransient() throws {
        let classifier = try Classifier(ClassifierRule.seedRules)
        var fleet = Fleet(scenario: FleetTesting.only(.timeout), seed: 11, start: FleetTesting.start)
        let signal = try #require(FleetTesting.firstFaultySignal(&fleet, kind: .timeout))
        #expect(signal.context.errorCode == .timeout)
        #expect(signal.context.lastTaskSucceeded == false)
        #expect(classifier.classify(ClassifierFacts(signal: signal, domain: .executive))?.classification == .transient)
    }

    @Test func anUnfixableFaultHasNoClassAndNoFix() throws {
        var fleet = Fleet(scenario: FleetTesting.only(.unfixable), seed: 5, start: FleetTesting.start)
        let signal = try #require(FleetTesting.firstFaultySignal(&fleet, kind: .unfixable))
        let truth = try #require(fleet.truth(agent: signal.agent))
        #expect(truth.trueClass == nil)
        #expect(!truth.fixable)
        #expect(signal.context.errorCode == .other)
    }

    @Test func misleadingSignalsPointAtAnotherClass() throws {
        let classifier = try Classifier(ClassifierRule.seedRules)
        var scenario = FleetTesting.only(.missingInput)
        scenario.faults[.missingInput]?.misleadingShare = 1
        var fleet = Fleet(scenario: scenario, seed: 9, start: FleetTesting.start)
        let signal = try #require(FleetTesting.firstFaultySignal(&fleet, kind: .missingInput))
        let truth = try #require(fleet.truth(agent: signal.agent))
        #expect(truth.misleading)
        #expect(truth.trueClass == .dataDependency)
        #expect(classifier.classify(ClassifierFacts(signal: signal, domain: .revenue))?.classification == .transient)
    }

    @Test func healthySignalsReportNoProblem() {
        var fleet = Fleet(scenario: FleetTesting.only(.timeout, rate: 0), seed: 1, start: FleetTesting.start)
        let signals = FleetTesting.signals(fleet.advance(to: FleetTesting.start.adding(seconds: 3600)))
        #expect(signals.count == 360)
        for signal in signals {
            #expect(!signal.reportsProblem(slo: RemediationSettings.default.slo))
            #expect(signal.metrics.alignment >= 0.95 && signal.metrics.successRate >= 0.94)
            #expect(signal.context.lastTaskSucceeded == true && signal.context.inputsValid == true && signal.context.configHealthy == true)
        }
    }
}
