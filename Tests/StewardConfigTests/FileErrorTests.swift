import Foundation
import StewardConfig
import Testing

/// Each kind of mistake in the file, with the exact message and the location of the offending node.
@Suite("Errors in the file")
struct FileErrorTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let yaml: String
        let error: String
        var testDescription: String { name }
    }

    static let types: [Case] = [
        Case(name: "word for an integer", yaml: "server:\n  port: high\n",
             error: "steward.yaml:2:9: server.port: expected an integer between 1 and 65535, got 'high'"),
        Case(name: "quoted number", yaml: "server:\n  port: \"8080\"\n",
             error: "steward.yaml:2:9: server.port: expected an integer between 1 and 65535, got the string '8080'"),
        Case(name: "fraction for an integer", yaml: "remediation:\n  maxAttempts: 2.5\n",
             error: "steward.yaml:2:16: remediation.maxAttempts: expected an integer of at least 1, got '2.5'"),
        Case(name: "mapping for a number", yaml: "remediation:\n  maxAttempts: {times: 2}\n",
             error: "steward.yaml:2:16: remediation.maxAttempts: expected an integer of at least 1, got a mapping"),
        Case(name: "not a boolean", yaml: "remediation:\n  autoRemediate: maybe\n",
             error: "steward.yaml:2:18: remediation.autoRemediate: expected true or false, got 'maybe'"),
        Case(name: "NaN", yaml: "remediation:\n  roiFloor: .nan\n",
             error: "steward.yaml:2:13: remediation.roiFloor: expected a number of at least 0, got '.nan'"),
        Case(name: "scalar for a section", yaml: "server: 8080\n",
             error: "steward.yaml:1:9: server: expected a mapping of keys to values, got '8080'"),
        Case(name: "scalar for a list", yaml: "agents: CRO\n",
             error: "steward.yaml:1:9: agents: expected a list, got 'CRO'"),
        Case(name: "scalar for a list of sources", yaml: "agents: [{name: CRO, domain: Revenue, dependencies: MarketIntel}]\n",
             error: "steward.yaml:1:53: agents[0].dependencies: expected a list of source names, got 'MarketIntel'"),
        Case(name: "list for the document", yaml: "- server\n",
             error: "steward.yaml:1:1: expected a mapping of keys to values, got a list"),
        Case(name: "name with a space", yaml: "agents: [{name: \"C R O\", domain: Revenue}]\n",
             error: "steward.yaml:1:17: agents[0].name: expected a name of letters, digits, '.', '_', '-', ':' or '@' starting with a letter or digit, got 'C R O'"),
        Case(name: "unknown domain", yaml: "agents: [{name: CRO, domain: Revnue}]\n",
             error: "steward.yaml:1:30: agents[0].domain: expected one of Revenue, Marketing, Content, Operations, Executive, got 'Revnue'; did you mean 'Revenue'?"),
        Case(name: "bad degrade mode", yaml: "sources: [{name: A, degradeMode: LastKnownGood}]\n",
             error: "steward.yaml:1:34: sources[0].degradeMode: expected 'ReducedScope' or 'UseLastKnownGood<=AGE' with AGE like 30m, 6h or 2d, at most a year (366d), got 'LastKnownGood'"),
        Case(name: "degrade age without unit", yaml: "sources: [{name: A, degradeMode: UseLastKnownGood<=6}]\n",
             error: "steward.yaml:1:34: sources[0].degradeMode: expected 'ReducedScope' or 'UseLastKnownGood<=AGE' with AGE like 30m, 6h or 2d, at most a year (366d), got 'UseLastKnownGood<=6'"),
    ]

    static let ranges: [Case] = [
        Case(name: "port above 65535", yaml: "server: {port: 70000}\n",
             error: "steward.yaml:1:16: server.port: must be between 1 and 65535, got 70000"),
        Case(name: "probability above 1", yaml: "remediation:\n  slo:\n    success: 1.2\n",
             error: "steward.yaml:3:14: remediation.slo.success: must be between 0 and 1, got 1.2"),
        Case(name: "negative exploration", yaml: "remediation: {bandit: {exploration: -0.1}}\n",
             error: "steward.yaml:1:37: remediation.bandit.exploration: must be between 0 and 1, got -0.1"),
        Case(name: "zero attempts", yaml: "remediation:\n  maxAttempts: 0\n",
             error: "steward.yaml:2:16: remediation.maxAttempts: must be at least 1, got 0"),
        Case(name: "negative budget", yaml: "remediation:\n  budgetCapDailyUsd: -5\n",
             error: "steward.yaml:2:22: remediation.budgetCapDailyUsd: must be at least 0, got -5"),
        Case(name: "zero freshness", yaml: "sources:\n  - name: A\n    freshnessTargetMinutes: 0\n",
             error: "steward.yaml:3:29: sources[0].freshnessTargetMinutes: must be at least 1, got 0"),
        // QA r8 freshness H2: a "never" written as a huge number crashed the server at its first sweep.
        Case(name: "freshness past a year", yaml: "sources:\n  - name: A\n    freshnessTargetMinutes: 153722867280913\n",
             error: "steward.yaml:3:29: sources[0].freshnessTargetMinutes: must be at most 525600 (a year), got 153722867280913"),
        Case(name: "breaker open past a year", yaml: "governance:\n  breakers:\n    - {name: B, condition: 'failures >= 1', window: 1m, action: alert_only, alertSeverity: low, openSeconds: 99999999999}\n",
             error: "steward.yaml:3:110: governance.breakers[0].openSeconds: must be at most 31536000 (a year), got 99999999999"),
        Case(name: "zero slots", yaml: "agents:\n  - {name: A, domain: Content, slots: 0}\n",
             error: "steward.yaml:2:39: agents[0].slots: must be at least 1, got 0"),
        Case(name: "min above max", yaml: "remediation:\n  concurrency: {min: 9, max: 8}\n",
             error: "steward.yaml:2:22: remediation.concurrency.min: must not exceed remediation.concurrency.max (8), got 9"),
        Case(name: "slots above max", yaml: "agents:\n  - name: A\n    domain: Content\n    slots: 9\n",
             error: "steward.yaml:4:12: agents[0].slots: must be within remediation.concurrency (1...8), got 9"),
        Case(name: "empty priority", yaml: "remediation:\n  priority: []\n",
             error: "steward.yaml:2:13: remediation.priority: expected at least one of the domains"),
        Case(name: "priority twice", yaml: "remediation:\n  priority: [Revenue, Content, Revenue]\n",
             error: "steward.yaml:2:32: remediation.priority[2]: 'Revenue' is listed more than once"),
    ]

    static let structure: [Case] = [
        Case(name: "missing agent name", yaml: "agents:\n  - domain: Revenue\n",
             error: "steward.yaml:2:5: agents[0]: missing required key 'name' (a name of letters, digits, '.', '_', '-', ':' or '@' starting with a letter or digit)"),
        Case(name: "missing domain", yaml: "agents:\n  - name: CRO\n",
             error: "steward.yaml:2:5: agents[0]: missing required key 'domain' (one of Revenue, Marketing, Content, Operations, Executive)"),
        Case(name: "no tenants", yaml: "tenants: []\n",
             error: "steward.yaml:1:10: tenants: declare at least one tenant (agents belong to one)"),
        Case(name: "duplicate tenant", yaml: "tenants:\n  - id: default\n  - id: default\n",
             error: "steward.yaml:3:9: tenants[1].id: duplicate tenant id 'default'; first declared at steward.yaml:2:9"),
        Case(name: "duplicate source", yaml: "sources:\n  - name: A\n  - name: B\n  - name: A\n",
             error: "steward.yaml:4:11: sources[2].name: duplicate source name 'A'; first declared at steward.yaml:2:11"),
        Case(name: "duplicate agent", yaml: "agents:\n  - {name: CRO, domain: Revenue}\n  - {name: CRO, domain: Marketing}\n",
             error: "steward.yaml:3:12: agents[1].name: duplicate agent name 'CRO'; first declared at steward.yaml:2:12"),
        Case(name: "dependency listed twice", yaml: "agents:\n  - {name: A, domain: Content, dependencies: [MarketIntel, MarketIntel]}\n",
             error: "steward.yaml:2:60: agents[0].dependencies[1]: 'MarketIntel' is listed more than once"),
        Case(name: "duplicate key", yaml: "server:\n  port: 1\n  port: 2\n",
             error: "steward.yaml:3:3: server.port: duplicate key 'port' in one mapping (first at steward.yaml:2:3); each key may appear once"),
        Case(name: "duplicate key in a flow mapping", yaml: "server: {port: 1, port: 2}\n",
             error: "steward.yaml:1:19: server.port: duplicate key 'port' in one mapping (first at steward.yaml:1:10); each key may appear once"),
        Case(name: "duplicate quoted key in a list", yaml: "agents:\n  - name: A\n    'name': B\n",
             error: "steward.yaml:3:5: agents[0].name: duplicate key 'name' in one mapping (first at steward.yaml:2:5); each key may appear once"),
        Case(name: "merge key of a scalar", yaml: "server: {<<: 5}\n",
             error: "steward.yaml:1:10: server: a merge key '<<' takes a mapping or a list of mappings, got '5'"),
        Case(name: "two names, one FRESHNESS_ variable", yaml: "sources:\n  - name: MarketIntel\n  - name: market-intel\n",
             error: "steward.yaml:3:11: sources[1].name: 'market-intel' and 'MarketIntel' share the variable FRESHNESS_MARKET_INTEL; rename one"),
    ]

    static let references: [Case] = [
        Case(name: "undeclared dependency", yaml: minimalFleet.replacingOccurrences(of: "[MarketIntel]", with: "[MarketIntell]"),
             error: "steward.yaml:8:20: agents[0].dependencies[0]: undeclared source 'MarketIntell'; did you mean 'MarketIntel'?"),
        Case(name: "undeclared dependency, nothing close", yaml: minimalFleet.replacingOccurrences(of: "[MarketIntel]", with: "[Weather]"),
             error: "steward.yaml:8:20: agents[0].dependencies[0]: undeclared source 'Weather'; declared: MarketIntel, PartnerFeeds"),
        Case(name: "undeclared fallback", yaml: minimalFleet.replacingOccurrences(of: "fallback: PartnerFeeds", with: "fallback: PartnerFeed"),
             error: "steward.yaml:3:15: sources[0].fallback: undeclared source 'PartnerFeed'; did you mean 'PartnerFeeds'?"),
        Case(name: "own fallback", yaml: minimalFleet.replacingOccurrences(of: "fallback: PartnerFeeds", with: "fallback: MarketIntel"),
             error: "steward.yaml:3:15: sources[0].fallback: a source cannot be its own fallback"),
        Case(name: "fallback loop", yaml: "sources:\n  - {name: A, fallback: B}\n  - {name: B, fallback: C}\n  - {name: C, fallback: A}\n",
             error: "steward.yaml:2:25: sources[0].fallback: fallback chain loops: A → B → C → A"),
        Case(name: "undeclared tenant", yaml: minimalFleet + "    tenant: acme\n",
             error: "steward.yaml:9:13: agents[0].tenant: undeclared tenant 'acme'; declared: default"),
        Case(name: "default tenant not declared", yaml: minimalFleet + "tenants: [{id: acme}]\n",
             error: "steward.yaml:6:5: agents[0].tenant: undeclared tenant 'default'; declared: acme"),
        Case(name: "dependency on a seed source left out", yaml: "sources: []\nagents: [{name: A, domain: Content, dependencies: [SalesPipeline]}]\n",
             error: "steward.yaml:2:52: agents[0].dependencies[0]: undeclared source 'SalesPipeline'; none is declared"),
    ]

    /// QA: a repeated key was reported at its first occurrence, and only the first repeat was.
    @Test("Every repeat of a key is reported at the repeat")
    func everyRepeat() {
        #expect(errors("autonomy:\n  mode: approve\n  mode: autopilot\n  mode: assist\nserver:\n  port: 1\n  port: 2\n") == [
            "steward.yaml:3:3: autonomy.mode: duplicate key 'mode' in one mapping (first at steward.yaml:2:3); each key may appear once",
            "steward.yaml:4:3: autonomy.mode: duplicate key 'mode' in one mapping (first at steward.yaml:2:3); each key may appear once",
            "steward.yaml:7:3: server.port: duplicate key 'port' in one mapping (first at steward.yaml:6:3); each key may appear once",
        ])
    }

    /// QA r4 config L4: with a syntax error later in the file, the repeat was reported at the
    /// key's first occurrence with no path, and the syntax error was lost.
    @Test func aSyntaxErrorPastARepeatedKeyIsReportedAlone() {
        let found = errors("tenants:\n  - id: t1\n    name: x\n    name: y\nagents:\n\t- name: tabbed\n")
        #expect(found.count == 1)
        #expect(found.first?.hasPrefix("steward.yaml:6:") == true && found.first?.contains("invalid YAML") == true)
    }

    @Test("Wrong types", arguments: types)
    func wrongType(_ testCase: Case) {
        #expect(errors(testCase.yaml) == [testCase.error])
    }

    @Test("Out-of-range values", arguments: ranges)
    func outOfRange(_ testCase: Case) {
        #expect(errors(testCase.yaml) == [testCase.error])
    }

    @Test("Missing, empty and duplicate entries", arguments: structure)
    func structural(_ testCase: Case) {
        #expect(errors(testCase.yaml) == [testCase.error])
    }

    @Test("Dangling references", arguments: references)
    func dangling(_ testCase: Case) {
        #expect(errors(testCase.yaml) == [testCase.error])
    }

    @Test("A syntax error is located where the parser stopped")
    func syntax() {
        let found = errors("server:\n  port: 8080\n host: x\n")
        #expect(found.count == 1)
        #expect(found.first?.hasPrefix("steward.yaml:3:") == true)
        #expect(found.first?.contains("invalid YAML") == true)
    }

    @Test("The error carries file, line, column, path and message apart")
    func fields() throws {
        do {
            _ = try load("server:\n  port: 0\n")
            Issue.record("expected an error")
        } catch {
            let first = try #require(error.errors.first)
            #expect(first.file == "steward.yaml" && first.line == 2 && first.column == 9)
            #expect(first.path == "server.port" && first.variable == nil)
            #expect(first.message == "must be between 1 and 65535, got 0")
        }
    }
}
