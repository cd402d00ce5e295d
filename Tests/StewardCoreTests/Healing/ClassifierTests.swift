import Testing
@testable import StewardCore

/// The shipped classifier rules reproduce seed 001 §4.
@Suite struct ClassifierTests {
    let classifier: Classifier
    let ts = Timestamp(millisecondsSinceEpoch: 1_767_225_600_000)

    init() throws { classifier = try Classifier(ClassifierRule.seedRules) }

    func classify(
        status: SignalStatus = .error, code: SignalErrorCode? = nil, conflict: String? = nil, claimants: Int = 0, queue: Int = 0,
        backlog: Double = 0, failing: [String] = [], secrets: [String] = [], streak: Int = 0, failures: Int = 1
    ) -> (Classification?, String?) {
        let signal = StatusSignal(
            agent: "CMO", status: status, metrics: SignalMetrics(backlogAgeMinutes: backlog),
            context: SignalContext(conflictId: conflict, errorCode: code, queueDepth: queue, missingSecrets: secrets), ts: ts)
        let verdict = classifier.classify(ClassifierFacts(
            signal: signal, domain: .marketing, healthyStreak: streak, recentFailures: failures, directiveClaimants: claimants,
            failingDependencies: failing))
        return (verdict?.classification, verdict?.rule)
    }

    @Test func conflicts() {
        #expect(classify(conflict: "C-1").0 == .conflict)
        #expect(classify(claimants: 2) == (.conflict, "conflict"))
        #expect(classify(code: .timeout, claimants: 1).0 == .transient)
    }

    @Test(arguments: [SignalErrorCode.timeout, .rateLimit, .tempNetwork])
    func transientCodes(code: SignalErrorCode) {
        #expect(classify(code: code) == (.transient, "transient-error"))
    }

    @Test func capacity() {
        #expect(classify(status: .degraded, queue: 6) == (.capacity, "capacity"))
        #expect(classify(status: .degraded, backlog: 16) == (.capacity, "capacity"))
        #expect(classify(status: .degraded, queue: 5, backlog: 15).1 == "fallback")
    }

    @Test func dataDependency() {
        #expect(classify(code: .inputMissing) == (.dataDependency, "data-dependency"))
        #expect(classify(code: .staleData) == (.dataDependency, "data-dependency"))
        #expect(classify(status: .degraded, failing: ["MarketIntel"]) == (.dataDependency, "data-dependency"))
    }

    @Test func config() {
        #expect(classify(code: .configMissing) == (.config, "config"))
        #expect(classify(code: .authFailed) == (.config, "config"))
        #expect(classify(secrets: ["API_BASE"]) == (.config, "config"))
        // A specific code wins over a calm history.
        #expect(classify(code: .configMissing, streak: 10, failures: 1).0 == .config)
    }

    @Test func singleFailureWithHealthyHistoryIsTransient() {
        #expect(classify(code: .other, streak: 5, failures: 1) == (.transient, "single-failure"))
        #expect(classify(code: .other, streak: 5, failures: 2) == (.transient, "error-fallback"))
        #expect(classify(status: .degraded, streak: 5, failures: 1) == (.capacity, "fallback"))
    }

    @Test func aRuleThatDoesNotCompileIsReportedWithItsPosition() {
        #expect(throws: RuleCompileErrors.self) {
            _ = try Classifier([ClassifierRule(name: "bad", condition: "metrics.nope > 1", classification: .capacity)])
        }
    }
}
