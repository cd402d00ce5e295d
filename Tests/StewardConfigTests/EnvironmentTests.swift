import StewardConfig
import StewardCore
import Testing

@Suite("Environment variables")
struct EnvironmentTests {
    struct Override: Sendable, CustomTestStringConvertible {
        let variable: String
        let text: String
        let path: String
        let value: JSONValue
        var testDescription: String { "\(variable)=\(text)" }
    }

    /// Every variable of seeds 000 and 001, set to something other than its default.
    static let overrides: [Override] = [
        Override(variable: "AUTO_REMEDIATE", text: "false", path: "remediation.autoRemediate", value: false),
        Override(variable: "AUTOREM_MAX_ATTEMPTS", text: "3", path: "remediation.maxAttempts", value: 3),
        Override(variable: "AUTOREM_SLO_SUCCESS", text: "0.9", path: "remediation.slo.success", value: 0.9),
        Override(variable: "AUTOREM_SLO_ALIGN", text: "0.97", path: "remediation.slo.alignment", value: 0.97),
        Override(variable: "AUTOREM_SLO_BACKLOG_MIN", text: "20", path: "remediation.slo.backlogMinutes", value: 20),
        Override(variable: "AUTOREM_PRIORITY", text: "Marketing, Revenue,Content", path: "remediation.priority",
                 value: ["Marketing", "Revenue", "Content"]),
        Override(variable: "AUTOREM_BUDGET_CAP_DAILY_USD", text: "40.5", path: "remediation.budgetCapDailyUsd", value: 40.5),
        Override(variable: "STEWARD_DAILY_BUDGET_USD", text: "120", path: "autonomy.dailyBudgetUsd", value: 120.0),
        Override(variable: "AUTOREM_COST_PER_RESTART", text: "0.05", path: "remediation.costs.restart", value: 0.05),
        Override(variable: "AUTOREM_COST_PER_RETRY", text: "0.01", path: "remediation.costs.retry", value: 0.01),
        Override(variable: "AUTOREM_COST_PER_REBALANCE", text: "0.04", path: "remediation.costs.rebalance", value: 0.04),
        Override(variable: "AUTOREM_COST_PER_FETCH", text: "0", path: "remediation.costs.fetch", value: 0.0),
        Override(variable: "AUTOREM_VALUE_REVENUE_POINT", text: "2", path: "remediation.values.revenuePoint", value: 2.0),
        Override(variable: "AUTOREM_VALUE_MARKETING_POINT", text: "0.5", path: "remediation.values.marketingPoint", value: 0.5),
        Override(variable: "AUTOREM_VALUE_CONTENT_POINT", text: "0.25", path: "remediation.values.contentPoint", value: 0.25),
        Override(variable: "AUTOREM_MAX_CONCURRENCY", text: "12", path: "remediation.concurrency.max", value: 12),
        Override(variable: "AUTOREM_MIN_CONCURRENCY", text: "2", path: "remediation.concurrency.min", value: 2),
        Override(variable: "AUTOREM_QUEUE_SLA_MIN", text: "30", path: "remediation.queueSlaMinutes", value: 30),
        Override(variable: "AUTOREM_ROI_FLOOR", text: "0.35", path: "remediation.roiFloor", value: 0.35),
        Override(variable: "FRESHNESS_MARKET_INTEL", text: "90", path: "sources[0].freshnessTargetMinutes", value: 90),
        Override(variable: "FRESHNESS_CONTENT_BRIEFS", text: "720", path: "sources[1].freshnessTargetMinutes", value: 720),
        Override(variable: "FRESHNESS_SALES_PIPELINE", text: "15", path: "sources[2].freshnessTargetMinutes", value: 15),
        Override(variable: "AUTOREM_BANDIT_ENABLED", text: "false", path: "remediation.bandit.enabled", value: false),
        Override(variable: "AUTOREM_BANDIT_EXPLORATION", text: "0.3", path: "remediation.bandit.exploration", value: 0.3),
        Override(variable: "AUTOREM_RISK_HITL_THRESHOLD", text: "0.6", path: "remediation.riskHitlThreshold", value: 0.6),
        Override(variable: "AUTOREM_MAX_ESCALATIONS_PER_DAY", text: "3", path: "remediation.maxEscalationsPerDay", value: 3),
        Override(variable: "AUTOREM_RELAPSE_WINDOW_MIN", text: "0", path: "remediation.relapseWindowMinutes", value: 0),
        Override(variable: "AUTOREM_RELAPSE_LIMIT", text: "2", path: "remediation.relapseLimit", value: 2),
    ]

    /// The same settings, written in a file, for the variable to override.
    static let file = """
        sources:
          - {name: MarketIntel, freshnessTargetMinutes: 45}
          - {name: ContentBriefs, freshnessTargetMinutes: 1000}
          - {name: SalesPipeline, freshnessTargetMinutes: 25}
        remediation:
          autoRemediate: true
          maxAttempts: 4
          slo: {success: 0.8, alignment: 0.8, backlogMinutes: 10}
          priority: [Content, Marketing, Revenue]
          budgetCapDailyUsd: 10
          costs: {restart: 0.1, retry: 0.1, rebalance: 0.1, fetch: 0.1}
          values: {revenuePoint: 5, marketingPoint: 5, contentPoint: 5}
          concurrency: {min: 1, max: 10}
          queueSlaMinutes: 5
          roiFloor: 0.1
          bandit: {enabled: true, exploration: 0.05}
          riskHitlThreshold: 0.9
          maxEscalationsPerDay: 9
          relapseWindowMinutes: 20
          relapseLimit: 5
        autonomy:
          dailyBudgetUsd: 60

        """

    @Test("Each variable overrides the default", arguments: overrides)
    func overridesDefault(_ o: Override) throws {
        let loaded = try ConfigurationLoader.load(path: nil, environment: [o.variable: o.text])
        #expect(loaded.provenance.entry(o.path)?.value == o.value)
        #expect(loaded.provenance[o.path] == .environment(o.variable))
        #expect(loaded.configuration != .default)
    }

    @Test("Each variable overrides the file", arguments: overrides)
    func overridesFile(_ o: Override) throws {
        let fromFile = try load(Self.file)
        #expect(fromFile.provenance.entry(o.path)?.value != o.value)
        if case .file = fromFile.provenance[o.path] {} else { Issue.record("\(o.path) should come from the file") }
        let loaded = try load(Self.file, environment: [o.variable: o.text])
        #expect(loaded.provenance.entry(o.path)?.value == o.value)
        #expect(loaded.provenance[o.path] == .environment(o.variable))
    }

    struct Malformed: Sendable, CustomTestStringConvertible {
        let variable: String
        let text: String
        let error: String
        var testDescription: String { "\(variable)=\(text)" }
    }

    static let malformed: [Malformed] = [
        Malformed(variable: "AUTO_REMEDIATE", text: "on", error: "remediation.autoRemediate: expected true or false, got 'on'"),
        Malformed(variable: "AUTOREM_MAX_ATTEMPTS", text: "two", error: "remediation.maxAttempts: expected an integer of at least 1, got 'two'"),
        Malformed(variable: "AUTOREM_MAX_ATTEMPTS", text: "0", error: "remediation.maxAttempts: must be at least 1, got 0"),
        // QA r8 orchestration L4: 2^63 attempts meant "never escalate".
        Malformed(variable: "AUTOREM_MAX_ATTEMPTS", text: "9223372036854775807", error: "remediation.maxAttempts: must be at most 100 (a hundred attempts), got 9223372036854775807"),
        Malformed(variable: "AUTOREM_MAX_CONCURRENCY", text: "100000", error: "remediation.concurrency.max: must be at most 10000 (ten thousand slots), got 100000"),
        Malformed(variable: "AUTOREM_SLO_SUCCESS", text: "94%", error: "remediation.slo.success: expected a number between 0 and 1, got '94%'"),
        Malformed(variable: "AUTOREM_SLO_ALIGN", text: "1.01", error: "remediation.slo.alignment: must be between 0 and 1, got 1.01"),
        Malformed(variable: "AUTOREM_SLO_BACKLOG_MIN", text: "15m", error: "remediation.slo.backlogMinutes: expected an integer of at least 1, got '15m'"),
        Malformed(variable: "AUTOREM_PRIORITY", text: "Revenue,Revenue", error: "remediation.priority: 'Revenue' is listed more than once in 'Revenue,Revenue'"),
        Malformed(variable: "AUTOREM_PRIORITY", text: "", error: "remediation.priority: expected a comma-separated list of domains, got nothing"),
        Malformed(variable: "AUTOREM_PRIORITY", text: "Revenue,,Content", error: "remediation.priority: item 2 of 'Revenue,,Content': expected one of Revenue, Marketing, Content, Operations, Executive, got ''"),
        Malformed(variable: "AUTOREM_BUDGET_CAP_DAILY_USD", text: "$25", error: "remediation.budgetCapDailyUsd: expected a number of at least 0, got '$25'"),
        Malformed(variable: "STEWARD_DAILY_BUDGET_USD", text: "-5", error: "autonomy.dailyBudgetUsd: must be at least 0, got -5"),
        Malformed(variable: "AUTOREM_COST_PER_RESTART", text: "-0.02", error: "remediation.costs.restart: must be at least 0, got -0.02"),
        Malformed(variable: "AUTOREM_COST_PER_RETRY", text: "cheap", error: "remediation.costs.retry: expected a number of at least 0, got 'cheap'"),
        Malformed(variable: "AUTOREM_COST_PER_REBALANCE", text: "inf", error: "remediation.costs.rebalance: expected a number of at least 0, got 'inf'"),
        Malformed(variable: "AUTOREM_COST_PER_FETCH", text: "nan", error: "remediation.costs.fetch: expected a number of at least 0, got 'nan'"),
        Malformed(variable: "AUTOREM_VALUE_REVENUE_POINT", text: "one", error: "remediation.values.revenuePoint: expected a number of at least 0, got 'one'"),
        Malformed(variable: "AUTOREM_VALUE_MARKETING_POINT", text: "-1", error: "remediation.values.marketingPoint: must be at least 0, got -1"),
        Malformed(variable: "AUTOREM_VALUE_CONTENT_POINT", text: "0,2", error: "remediation.values.contentPoint: expected a number of at least 0, got '0,2'"),
        Malformed(variable: "AUTOREM_MAX_CONCURRENCY", text: "8.5", error: "remediation.concurrency.max: expected an integer of at least 1, got '8.5'"),
        Malformed(variable: "AUTOREM_MIN_CONCURRENCY", text: "0", error: "remediation.concurrency.min: must be at least 1, got 0"),
        Malformed(variable: "AUTOREM_QUEUE_SLA_MIN", text: "soon", error: "remediation.queueSlaMinutes: expected an integer of at least 1, got 'soon'"),
        Malformed(variable: "AUTOREM_ROI_FLOOR", text: "low", error: "remediation.roiFloor: expected a number of at least 0, got 'low'"),
        // QA r8 orchestration M3: Swift reads hexadecimal too, so a mistyped 0.10 became 16.
        Malformed(variable: "AUTOREM_COST_PER_RESTART", text: "0x10", error: "remediation.costs.restart: expected a number of at least 0, got '0x10'"),
        Malformed(variable: "AUTOREM_ROI_FLOOR", text: "0x1p3", error: "remediation.roiFloor: expected a number of at least 0, got '0x1p3'"),
        Malformed(variable: "AUTOREM_BANDIT_EXPLORATION", text: "0x0.8", error: "remediation.bandit.exploration: expected a number between 0 and 1, got '0x0.8'"),
        Malformed(variable: "FRESHNESS_MARKET_INTEL", text: "1h", error: "sources[0].freshnessTargetMinutes: expected an integer of at least 1, got '1h'"),
        Malformed(variable: "FRESHNESS_SALES_PIPELINE", text: "0", error: "sources[2].freshnessTargetMinutes: must be at least 1, got 0"),
        Malformed(variable: "FRESHNESS_SALES_PIPELINE", text: "9223372036854775807", error: "sources[2].freshnessTargetMinutes: must be at most 525600 (a year), got 9223372036854775807"),
        Malformed(variable: "AUTOREM_QUEUE_SLA_MIN", text: "99999999999", error: "remediation.queueSlaMinutes: must be at most 525600 (a year), got 99999999999"),
        Malformed(variable: "AUTOREM_BANDIT_ENABLED", text: "enabled", error: "remediation.bandit.enabled: expected true or false, got 'enabled'"),
        Malformed(variable: "AUTOREM_BANDIT_EXPLORATION", text: "15%", error: "remediation.bandit.exploration: expected a number between 0 and 1, got '15%'"),
        Malformed(variable: "AUTOREM_RISK_HITL_THRESHOLD", text: "80", error: "remediation.riskHitlThreshold: must be between 0 and 1, got 80"),
        Malformed(variable: "AUTOREM_MAX_ESCALATIONS_PER_DAY", text: "many", error: "remediation.maxEscalationsPerDay: expected an integer of at least 1, got 'many'"),
        Malformed(variable: "AUTOREM_RELAPSE_LIMIT", text: "0", error: "remediation.relapseLimit: must be between 1 and 100, got 0"),
    ]

    @Test("A malformed value names the variable and what was expected", arguments: malformed)
    func malformedValue(_ m: Malformed) {
        #expect(errors(nil, environment: [m.variable: m.text]) == ["environment \(m.variable): \(m.error)"])
    }

    @Test("Booleans: true/false, yes/no, 1/0, in any case", arguments: [
        ("true", true), ("TRUE", true), ("Yes", true), ("1", true), ("false", false), ("No", false), ("0", false), ("fAlSe", false),
    ])
    func booleans(_ text: String, _ expected: Bool) throws {
        let loaded = try ConfigurationLoader.load(path: nil, environment: ["AUTOREM_BANDIT_ENABLED": text])
        #expect(loaded.configuration.remediation.bandit.enabled == expected)
    }

    @Test("Unknown AUTOREM_ and FRESHNESS_ variables are errors with a suggestion", arguments: [
        ("AUTOREM_MAX_ATTEMTPS", "environment AUTOREM_MAX_ATTEMTPS: is not a Steward setting; did you mean 'AUTOREM_MAX_ATTEMPTS'?"),
        ("AUTOREM_SLO_ALIGNMENT", "environment AUTOREM_SLO_ALIGNMENT: is not a Steward setting; did you mean 'AUTOREM_SLO_ALIGN'?"),
        ("AUTOREM_BANDIT_EPSILON", "environment AUTOREM_BANDIT_EPSILON: is not a Steward setting"),
        ("FRESHNESS_MARKETINTEL", "environment FRESHNESS_MARKETINTEL: names no declared source; did you mean 'FRESHNESS_MARKET_INTEL'?"),
        ("FRESHNESS_WEATHER", "environment FRESHNESS_WEATHER: names no declared source"),
        ("STEWARD_DAILY_BUDGET_US", "environment STEWARD_DAILY_BUDGET_US: is not a Steward setting; did you mean 'STEWARD_DAILY_BUDGET_USD'?"),
        ("STEWARD_NOTIFY_WEBHOOK", "environment STEWARD_NOTIFY_WEBHOOK: is not a Steward setting; did you mean 'STEWARD_NOTIFY_WEBHOOK_URL'?"),
    ])
    func unknownVariable(_ name: String, _ error: String) {
        #expect(errors(nil, environment: [name: "1"]) == [error])
    }

    @Test("Surrounding blanks and a carriage return are ignored")
    func blanks() throws {
        let loaded = try ConfigurationLoader.load(path: nil, environment: ["AUTOREM_MAX_ATTEMPTS": " 3\r\n"])
        #expect(loaded.configuration.remediation.maxAttempts == 3)
    }

    @Test("Variables of other programs are left alone")
    func unrelated() {
        #expect(errors(nil, environment: ["PATH": "/usr/bin", "HOME": "/root", "AUTOREMOTE": "x", "FRESHNESS": "1"]).isEmpty)
        // STEWARD_ is shared with harnesses and executors: only near misses of settings are errors.
        #expect(errors(nil, environment: ["STEWARD_BIN": "/x", "STEWARD_TENANT": "acme", "STEWARD_TEST_POSTGRES_URL": "postgres://x"]).isEmpty)
    }

    @Test("FRESHNESS_ follows the declared sources of the file")
    func freshnessOfDeclaredSources() throws {
        let yaml = "sources:\n  - {name: PartnerFeeds}\n  - {name: CRMData, freshnessTargetMinutes: 5}\n"
        let loaded = try load(yaml, environment: ["FRESHNESS_PARTNER_FEEDS": "120", "FRESHNESS_CRM_DATA": "10"])
        #expect(loaded.configuration.sources.map(\.freshnessTargetMinutes) == [120, 10])
        #expect(errors(yaml, environment: ["FRESHNESS_MARKET_INTEL": "60"]) == [
            "environment FRESHNESS_MARKET_INTEL: names no declared source",
        ])
    }

    @Test("An override that breaks a rule between settings is reported at the variable")
    func crossSettingRule() {
        #expect(errors(nil, environment: ["AUTOREM_MIN_CONCURRENCY": "9"]) == [
            "environment AUTOREM_MIN_CONCURRENCY: remediation.concurrency.min: must not exceed remediation.concurrency.max (8), got 9",
        ])
        #expect(errors("agents: [{name: A, domain: Content, slots: 4}]\n", environment: ["AUTOREM_MAX_CONCURRENCY": "3"]) == [
            "steward.yaml:1:44: agents[0].slots: must be within remediation.concurrency (1...3), got 4",
        ])
    }
}
