import Testing
@testable import StewardCore

@Suite struct PlaybookTests {
    @Test func theSeedPlaybooksCompileAndCoverEveryClass() throws {
        let criteria = try SuccessCriteria(Playbook.seedPlaybooks)
        #expect(Set(Playbook.seedPlaybooks.map(\.classification)) == Set(Classification.allCases))
        #expect(Playbook.seedPlaybooks.count == 8)
        let signal = StatusSignal(agent: "CMO", status: .healthy, metrics: SignalMetrics(alignment: 0.93, backlogAgeMinutes: 9), ts: Timestamp(millisecondsSinceEpoch: 0))
        let facts = VerificationFacts(signal: signal, domain: .marketing)
        for playbook in Playbook.seedPlaybooks {
            #expect(criteria.verify(playbook.name, facts).outcome == .passed, "\(playbook.name)")
        }
        let failing = VerificationFacts(signal: StatusSignal(agent: "CMO", status: .error, context: .init(errorCode: .timeout), ts: signal.ts), domain: .marketing)
        #expect(criteria.verify("RestartAndRetryTransient", failing).outcome == .failed)
    }

    /// A queue-depth incident's capacity playbook checks the backlog's age; a signal that meets it
    /// while the agent still reports itself degraded is not a fix (adopt QA F2).
    /// QA r8 orchestration M1: a step is priced as the budget charges it, at its action type's
    /// cost when steward.yaml overrides it, not at the AUTOREM_COST_PER_* setting alone.
    @Test func stepsArePricedAtTheirActionTypesCost() throws {
        let costs = RemediationSettings.default.costs
        var types = Dictionary(uniqueKeysWithValues: ActionType.remediationTypes(costs: costs).map { ($0.name, $0) })
        let restartAndRetry = try #require(Playbook.seedPlaybooks.first { $0.name == "RestartAndRetryTransient" })
        #expect(StepPrices(costs: costs, types: types).price(restartAndRetry) == costs.restart + costs.retry)
        types["restartAgent"]?.costUsd = 3
        let prices = StepPrices(costs: costs, types: types)
        #expect(prices.price(.restartAgent) == 3 && prices.price(restartAndRetry) == 3 + costs.retry)
        #expect(prices.price(.rebalanceByROI) == costs.rebalance, "a builtin is charged its setting")
    }

    @Test func criteriaMetWhileTheAgentReportsAProblemIsNoPass() throws {
        let criteria = try SuccessCriteria(Playbook.seedPlaybooks)
        let ts = Timestamp(millisecondsSinceEpoch: 0)
        var degraded = StatusSignal(agent: "CRO", status: .degraded, metrics: SignalMetrics(backlogAgeMinutes: 5), ts: ts)
        degraded.context.queueDepth = 31
        for playbook in ["RebalanceCapacity", "CostAwareRebalance"] {
            let verdict = criteria.verify(playbook, VerificationFacts(signal: degraded, domain: .revenue))
            #expect(verdict.outcome == .failed && verdict.reason.hasSuffix("but the agent still reports itself degraded"), "\(playbook): \(verdict.reason)")
            var healthy = degraded
            healthy.status = .healthy
            #expect(criteria.verify(playbook, VerificationFacts(signal: healthy, domain: .revenue)).outcome == .passed, "\(playbook)")
        }
    }

    @Test func factsPreferTheAgentsWordThenTheStepsAnswer() {
        let ts = Timestamp(millisecondsSinceEpoch: 0)
        let healthy = StatusSignal(agent: "A", status: .healthy, ts: ts)
        #expect(VerificationFacts(signal: healthy, domain: .content, responses: [.retryLastTask: ["succeeded": false]]).lastTaskSucceeded == false)
        var said = healthy
        said.context.lastTaskSucceeded = true
        #expect(VerificationFacts(signal: said, domain: .content, responses: [.retryLastTask: ["succeeded": false]]).lastTaskSucceeded)
        #expect(VerificationFacts(signal: healthy, domain: .content, responses: [.checkSecrets: ["missing": ["X"]]]).configHealthy == false)
        #expect(VerificationFacts(signal: healthy, domain: .content, otherClaimants: 1).conflictCleared == false)
    }

    @Test func varArgumentsReadTheScope() throws {
        let scope: JSONValue = ["context": ["dependencies": ["MarketIntel", "X"]], "agent": "CMO", "env.AUTOREM_ROI_FLOOR": 0.2]
        let args: [String: JSONValue] = ["sourceVar": "context.dependencies[0]", "roiFloorVar": "env.AUTOREM_ROI_FLOOR", "max": 2]
        let resolved = try StepArguments.resolve(args, scope: scope).get()
        #expect(resolved == ["source": "MarketIntel", "roiFloor": 0.2, "max": 2])
        if case .failure(let problem) = StepArguments.resolve(["agentVar": "losingAgent"], scope: scope) {
            #expect(problem.field == "args.agentVar")
        } else {
            Issue.record("an absent reference must fail")
        }
        #expect(StepArguments.lookup("context.dependencies[5]", in: scope) == nil)
    }

    @Test func escalationOptionsAreASafeAndAnAggressiveOneBuiltFromWhatWasTried() {
        let ts = Timestamp(millisecondsSinceEpoch: 0)
        let signal = StatusSignal(agent: "CMO", status: .error, context: .init(errorCode: .inputMissing), ts: ts)
        var incident = Incident(
            id: "inc_1", tenant: "default", agent: "CMO", domain: .marketing,
            verdict: ClassifierVerdict(classification: .dataDependency, rule: "data-dependency", index: 3, errors: []), signal: signal, now: ts)
        let repair = Playbook.seedPlaybooks[3]
        incident.attempts = [Attempt(number: 1, playbook: repair, before: signal.metrics, startedAt: ts)]
        let candidates = Playbook.seedPlaybooks.filter { $0.classification == .dataDependency }
        let options = RemediationOptions.compose(for: incident, candidates: candidates, prices: StepPrices(costs: RemediationSettings.default.costs))
        #expect(options.map(\.kind) == ["safe", "aggressive"])
        #expect(options[0].name == "ReduceScopeAndRetry" && options[0].playbook == "RepairDataDependency")
        #expect(options[1].name == "RunFreshnessFirstRetry" && options[1].playbook == "FreshnessFirstRetry")
        incident.attempts.append(Attempt(number: 2, playbook: candidates[1], before: signal.metrics, startedAt: ts))
        // Every playbook tried: the option names only an agent the fleet has, and says who acts.
        let prices = StepPrices(costs: RemediationSettings.default.costs)
        let reassign = RemediationOptions.compose(for: incident, candidates: candidates, prices: prices, takeover: "COO")[1]
        #expect(reassign.name == "ReassignToCOO" && reassign.playbook == nil && reassign.why.contains("you hand the directive to COO"))
        let handOver = RemediationOptions.compose(for: incident, candidates: candidates, prices: prices)[1]
        #expect(handOver.name == "HandOverToPerson" && handOver.playbook == nil && !handOver.why.contains("COO"))
        // QA paging L6: a retry a person chose that failed is not offered to them again.
        var chosen = Attempt(number: 3, playbook: candidates[1], before: signal.metrics, startedAt: ts)
        chosen.chosenBy = "ana"
        incident.attempts.append(chosen)
        let safe = RemediationOptions.compose(for: incident, candidates: candidates, prices: prices)[0]
        #expect(safe.name == "ReduceScope" && safe.playbook == nil && safe.reduceScope)
        #expect(safe.why.contains("\(candidates[1].name), chosen by ana, did not heal it"), "\(safe.why)")
        // QA healing r3: a playbook whose step a person rejected is not offered back to them either.
        var rejected = Attempt(number: 4, playbook: candidates[0], before: signal.metrics, startedAt: ts)
        var step = StepRun(primitive: .refreshCache, args: [:], status: .failed, detail: "rejected by key:ops: not now")
        step.rejectedBy = "key:ops"
        rejected.steps = [step]
        incident.attempts.append(rejected)
        let afterNo = RemediationOptions.compose(for: incident, candidates: candidates, prices: prices)[0]
        #expect(afterNo.name == "ReduceScope" && afterNo.playbook == nil)
        #expect(afterNo.why.contains("key:ops rejected a step of \(candidates[0].name)"), "\(afterNo.why)")
    }
}
