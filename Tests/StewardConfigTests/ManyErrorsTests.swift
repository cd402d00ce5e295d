import StewardConfig
import Testing

@Suite("Several errors at once")
struct ManyErrorsTests {
    @Test("Every mistake of the file and the environment is listed, in file order, then by variable")
    func allListed() {
        let environment = [
            "AUTOREM_MAX_ATTEMPTS": "two", "AUTOREM_MAX_ATTEMTPS": "3", "FRESHNESS_SALES_PIPELIN": "5",
            "AUTO_REMEDIATE": "perhaps", "AUTOREM_PRIORITY": "Revenue,Contnt",
        ]
        let path = fixture("many-mistakes")
        var found: [String] = []
        do {
            _ = try ConfigurationLoader.load(path: path, environment: environment)
        } catch {
            found = error.errors.map(\.description)
        }
        let f = path
        #expect(found == [
            "\(f):4:3: server.prot: unknown key 'prot'; did you mean 'port'?",
            "\(f):5:17: server.maxBodyBytes: expected an integer of at least 1, got the string 'lots'",
            "\(f):10:9: tenants[2].id: duplicate tenant id 'acme'; first declared at \(f):8:9",
            "\(f):13:29: sources[0].freshnessTargetMinutes: must be at least 1, got 0",
            "\(f):14:15: sources[0].fallback: undeclared source 'PartnerFeed'; declared: MarketIntel, SalesPipeline",
            "\(f):15:18: sources[0].degradeMode: expected 'ReducedScope' or 'UseLastKnownGood<=AGE' with AGE like 30m, 6h or 2d, at most a year (366d), got 'UseLastKnownGood<=6 hours'",
            "\(f):19:13: agents[0].domain: expected one of Revenue, Marketing, Content, Operations, Executive, got 'Revnue'; did you mean 'Revenue'?",
            "\(f):20:20: agents[0].dependencies[0]: undeclared source 'SalesPipline'; did you mean 'SalesPipeline'?",
            "\(f):22:13: agents[1].tenant: undeclared tenant 'acm'; did you mean 'acme'?",
            "\(f):24:12: agents[1].slots: must be within remediation.concurrency (1...8), got 12",
            "\(f):25:11: agents[2].name: duplicate agent name 'CRO'; first declared at \(f):18:11",
            "\(f):28:3: remediation.maxAtempts: unknown key 'maxAtempts'; did you mean 'maxAttempts'?",
            "\(f):29:18: remediation.slo.success: must be between 0 and 1, got 1.5",
            "\(f):29:34: remediation.slo.alignment: expected a number between 0 and 1, got 'high'",
            "\(f):30:23: remediation.priority[1]: 'Revenue' is listed more than once",
            "\(f):31:21: remediation.bandit.enabled: expected true or false, got 'maybe'",
            "environment AUTOREM_MAX_ATTEMPTS: remediation.maxAttempts: expected an integer of at least 1, got 'two'",
            "environment AUTOREM_MAX_ATTEMTPS: is not a Steward setting; did you mean 'AUTOREM_MAX_ATTEMPTS'?",
            "environment AUTOREM_PRIORITY: remediation.priority: item 2 of 'Revenue,Contnt': expected one of Revenue, Marketing, Content, Operations, Executive, got 'Contnt'; did you mean 'Content'?",
            "environment AUTO_REMEDIATE: remediation.autoRemediate: expected true or false, got 'perhaps'",
            "environment FRESHNESS_SALES_PIPELIN: names no declared source; did you mean 'FRESHNESS_SALES_PIPELINE'?",
        ])
    }

    @Test("Repeated keys are listed in file order, nested ones among the top-level ones")
    func repeatsInFileOrder() {
        #expect(errors("server:\n  host: a\n  host: b\nagents: []\nagents: []\n") == [
            "steward.yaml:3:3: server.host: duplicate key 'host' in one mapping (first at steward.yaml:2:3); each key may appear once",
            "steward.yaml:5:1: agents: duplicate key 'agents' in one mapping (first at steward.yaml:4:1); each key may appear once",
        ])
    }

    @Test("x- keys are ignored only at the top; a declared list is named once per name")
    func extensionKeysAndDeclaredNames() {
        #expect(errors("server: {x-note: 1}\n") == ["steward.yaml:1:10: server.x-note: unknown key 'x-note'; expected one of 'host', 'port', 'dataDir', 'maxBodyBytes', 'idleTimeoutSeconds', 'ledgerAuditMinutes', 'signalSkewSeconds'"])
        #expect(errors("tenants: [{id: default}, {id: default}]\nagents: [{name: A, domain: Revenue, tenant: zz}]\n").last
            == "steward.yaml:2:45: agents[0].tenant: undeclared tenant 'zz'; declared: default")
    }

    @Test("An integer too large for 64 bits is said to be too large, not to be no integer")
    func integerTooLarge() {
        #expect(errors("remediation: {maxEscalationsPerDay: 99999999999999999999}\nserver: {port: 99999999999999999999}\n") == [
            "steward.yaml:1:37: remediation.maxEscalationsPerDay: is too large: at most 9223372036854775807, got 99999999999999999999",
            "steward.yaml:2:16: server.port: must be between 1 and 65535, got 99999999999999999999",
        ])
        #expect(errors(nil, environment: ["AUTOREM_MAX_ATTEMPTS": "-99999999999999999999"]) == [
            "environment AUTOREM_MAX_ATTEMPTS: remediation.maxAttempts: is too small, got -99999999999999999999",
        ])
        #expect(errors("remediation: {maxAttempts: 12x}\n") == [
            "steward.yaml:1:28: remediation.maxAttempts: expected an integer of at least 1, got '12x'",
        ])
    }

    @Test("Errors in several sections of an inline file")
    func inline() {
        let yaml = """
            server: {port: 0, dataDir: ""}
            agents:
              - {name: A, domain: Sales}
              - {domain: Revenue}
            remediation: {maxAttempts: -1, bandit: {exploration: 2}}
            """
        #expect(errors(yaml) == [
            "steward.yaml:1:16: server.port: must be between 1 and 65535, got 0",
            "steward.yaml:1:28: server.dataDir: expected a non-empty text, got ''",
            "steward.yaml:3:23: agents[0].domain: expected one of Revenue, Marketing, Content, Operations, Executive, got 'Sales'",
            "steward.yaml:4:5: agents[1]: missing required key 'name' (a name of letters, digits, '.', '_', '-', ':' or '@' starting with a letter or digit)",
            "steward.yaml:5:28: remediation.maxAttempts: must be at least 1, got -1",
            "steward.yaml:5:54: remediation.bandit.exploration: must be between 0 and 1, got 2",
        ])
    }
}

/// QA: an entry with one fault was dropped before the checks that do not depend on it, so their
/// errors appeared only in a later run, one stage at a time.
@Suite("A fault does not hide the checks that do not depend on it")
struct StagedErrorsTests {
    @Test("A rule with a misspelt effect still has its condition compiled")
    func conditionOfAnInvalidRule() {
        let found = errors("policy:\n  rules:\n    - {name: r1, when: action.riskk == \"low\", effect: alow}\n")
        #expect(found.count == 2)
        #expect(found.first?.hasPrefix("steward.yaml:3:24: policy.rules[0].when: condition of rule 'r1': 1:1: undeclared reference to 'action.riskk'") == true)
        #expect(found.last == "steward.yaml:3:55: policy.rules[0].effect: expected one of allow, require_approval, block, got 'alow'; did you mean 'allow'?")
    }

    @Test("A repeated rule name counts the rules dropped for another fault")
    func duplicateOfAnInvalidRule() {
        let found = errors("policy:\n  rules:\n    - {name: r1, when: 'true', effect: alow}\n    - {name: r1, when: 'true', effect: allow}\n")
        #expect(found.last == "steward.yaml:4:14: policy.rules[1].name: duplicate policy rule 'r1'; first declared at steward.yaml:3:14")
        #expect(found.count == 2)
    }

    @Test("A seed type made unsafe is refused where written and stays unsafe for the autopilot scope")
    func scopeOfARefusedSeedOverride() {
        let found = errors("actionTypes:\n  - {name: send_email, external: false}\nautonomy:\n  autopilotScope: [send_email]\n")
        #expect(found == [
            "steward.yaml:2:34: actionTypes[0].external: 'send_email' contacts people outside the organisation (requirement 003 §5.4); 'external' cannot be false",
            "steward.yaml:4:20: autonomy.autopilotScope[0]: 'send_email' is external and never runs without a person, so it cannot be in the autopilot scope",
        ])
    }

    @Test("A playbook with a misspelt classification still has its success criteria compiled")
    func criteriaOfAnInvalidPlaybook() {
        let found = errors(
            "playbooks:\n  - name: P1\n    classification: TRANSIENTT\n    steps: [{do: restartAgent}]\n    successCriteria: 'metrics.successRatee > 1'\n")
        #expect(found.count == 2, "\(found)")
        #expect(found.contains { $0.hasPrefix("steward.yaml:5:22: playbooks[0].successCriteria: success criteria of 'P1': 1:1: undeclared reference to 'metrics.successRatee'") })
    }

    @Test("A rule's condition under another section's key name suggests this section's")
    func conditionAndWhen() {
        #expect(errors("classifier:\n  rules:\n    - {name: r1, condition: 'true', classification: TRANSIENT}\n").contains(
            "steward.yaml:3:18: classifier.rules[0].condition: unknown key 'condition'; did you mean 'when'?"))
        #expect(errors("governance:\n  breakers:\n    - {name: b1, when: 'true', window: 5m, action: alert_only}\n").contains {
            $0.hasSuffix("governance.breakers[0].when: unknown key 'when'; did you mean 'condition'?")
        })
    }

    @Test("A scope that lists a type twice still has each type checked")
    func scopeWithARepeat() {
        #expect(errors("autonomy:\n  autopilotScope: [send_email, draft_email, draft_email]\n") == [
            "steward.yaml:2:20: autonomy.autopilotScope[0]: 'send_email' is external and never runs without a person, so it cannot be in the autopilot scope",
            "steward.yaml:2:45: autonomy.autopilotScope[2]: 'draft_email' is listed more than once",
        ])
    }
}

@Suite("A wrong required key does not hide the others")
struct BreakerKeysTests {
    /// QA: a bad `window` or `action` made `config check` call the valid keys after it unknown,
    /// telling the user to delete correct settings.
    @Test(arguments: [("window: 0s", "window: expected a duration"), ("action: pausee", "action: expected one of")])
    func onlyTheWrongKeyIsReported(line: String, expected: String) {
        let yaml = """
            governance:
              breakers:
                - name: A
                  condition: errorRate > 0.05
                  \(line.hasPrefix("window") ? line : "window: 5m")
                  \(line.hasPrefix("action") ? line : "action: revert_to_l3")
                  alertSeverity: critical
                  minimumCalls: 20
            """
        let found = errors(yaml)
        #expect(found.count == 1, "\(found)")
        #expect(found.first?.contains("governance.breakers[0].\(expected)") == true, "\(found)")
    }

    /// QA: a rule with a wrong window, action or classification hid the other problems of the
    /// file (its condition's type errors, a duplicate name) until it was fixed.
    @Test func aRuleWithAWrongRequiredKeyIsStillChecked() {
        let yaml = """
            governance:
              breakers:
                - {name: High Error Rate, condition: errorRate > 0.05, window: 5m, action: revert_to_l3}
                - {name: high error rate, condition: calls == 1.0, window: 0s, action: alert_only}
            classifier:
              rules:
                - {name: twice, when: "true", classification: CAPACITY}
                - {name: twice, when: "true", classification: TRANSIENTT}
            """
        let found = errors(yaml).joined(separator: "\n")
        #expect(found.contains("governance.breakers[1].name: duplicate breaker rule"), "\(found)")
        #expect(found.contains("governance.breakers[1].condition: condition of breaker 'high error rate'"), "\(found)")
        #expect(found.contains("governance.breakers[1].window:"), "\(found)")
        #expect(found.contains("classifier.rules[1].name: duplicate classifier rule 'twice'"), "\(found)")
        #expect(found.contains("classifier.rules[1].classification:"), "\(found)")
    }
}
