extension Playbook {
    /// The five families of seed 001 §5 and the Tier-2 variants of seed 000 §7, with their
    /// success criteria written as CEL. The first playbook of a class is its fixed default (the
    /// baseline the bandit's lift is measured against).
    public static let seedPlaybooks: [Playbook] = [
        Playbook(
            name: "ResolveInterAgentConflict", classification: .conflict,
            steps: [
                PlaybookStep(.applyPriorityRules, ["orderVar": "env.AUTOREM_PRIORITY"]),
                // The seed's `revenue_first`, or whichever domain AUTOREM_PRIORITY puts first.
                PlaybookStep(.reassignOverlaps, ["policyVar": "priorityPolicy"]),
                PlaybookStep(.throttleAgent, ["agentVar": "losingAgent", "maxConcurrent": 1, "minutes": 20]),
            ],
            successCriteria: "conflictCleared && metrics.alignment >= 0.92"),
        Playbook(
            name: "RestartAndRetryTransient", classification: .transient,
            steps: [PlaybookStep(.restartAgent, ["mode": "soft"]), PlaybookStep(.retryLastTask, ["backoffMs": 1500, "max": 2])],
            successCriteria: "lastTaskSucceeded"),
        Playbook(
            name: "RebalanceCapacity", classification: .capacity,
            steps: [
                PlaybookStep(.reallocateSlots, ["fromVar": "lowestPriorityAgent", "toVar": "agent", "slots": 2]),
                PlaybookStep(.splitDirective, ["directiveIdVar": "context.directiveId", "ratio": [0.6, 0.4]]),
            ],
            successCriteria: "metrics.backlogAgeMinutes <= 15.0"),
        Playbook(
            name: "RepairDataDependency", classification: .dataDependency,
            steps: [
                PlaybookStep(.refreshCache), PlaybookStep(.refetchSource, ["sourceVar": "context.dependencies[0]"]),
                PlaybookStep(.validateInputs),
            ],
            successCriteria: "inputsValid"),
        Playbook(
            name: "FixConfig", classification: .config,
            steps: [
                PlaybookStep(.checkSecrets, ["required": ["GOOGLE_PROJECT_ID", "SERVICE_ACCOUNT", "API_BASE"]]),
                PlaybookStep(.schemaMigrateIfNeeded),
            ],
            successCriteria: "configHealthy"),
        Playbook(
            name: "CostAwareRebalance", classification: .capacity,
            steps: [
                PlaybookStep(.estimateImpact, ["agentVar": "agent"]),
                PlaybookStep(.rebalanceByROI, ["roiFloorVar": "env.AUTOREM_ROI_FLOOR"]),
                PlaybookStep(.throttleLowROI, ["reserveSlots": 1]),
            ],
            successCriteria: "metrics.backlogAgeMinutes <= double(env.AUTOREM_QUEUE_SLA_MIN)"),
        Playbook(
            name: "FreshnessFirstRetry", classification: .dataDependency,
            steps: [
                PlaybookStep(.checkFreshness, ["sourceVar": "context.dependencies[0]"]),
                PlaybookStep(.refreshIfStale, ["freshnessMapEnv": true]),
                PlaybookStep(.retryLastTask, ["backoffMs": 1200, "max": 2]),
            ],
            successCriteria: "inputsValid"),
        Playbook(
            name: "BanditChosenPlaybook", classification: .transient,
            steps: [
                PlaybookStep(.selectByBandit, ["candidates": ["RestartAndRetryTransient", "FreshnessFirstRetry"]]),
                PlaybookStep(.executeSelected),
            ],
            successCriteria: "lastTaskSucceeded"),
    ]
}
