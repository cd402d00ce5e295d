import Testing
import StewardConfig
import StewardCore

/// The action spine's sections of steward.yaml: types, policy, autonomy, notifications.
@Suite("Action sections")
struct ActionSectionsTests {
    func load(_ yaml: String, environment: [String: String] = [:]) throws -> LoadedConfiguration {
        try ConfigurationLoader.load(yaml: yaml, environment: environment)
    }

    func errors(_ yaml: String) -> [String] {
        do {
            _ = try ConfigurationLoader.load(yaml: yaml, environment: [:])
            return []
        } catch {
            return error.errors.map(\.description)
        }
    }

    @Test func fileTypesOverrideSeedsAndAddNewOnesInFileOrder() throws {
        let loaded = try load("""
            actionTypes:
              - {name: draft_email, costUsd: 0.5}
              - name: page_oncall
                risk: low
                reversible: true
                idempotent: true
                external: false
                executor: {kind: http, url: "https://agents.example/{agent}/{type}", timeoutMs: 2000, retries: 1}
                approval: {approvers: 2, expiresAfterMinutes: 30, onExpiry: approve, proposerMayApprove: false}
            """)
        let types = loaded.configuration.actionTypes
        #expect(types.map(\.name).prefix(2) == ["draft_email", "page_oncall"])
        #expect(types.count == 12 + ActionType.remediationTypeNames.count)
        #expect(types[0].costUsd == 0.5 && types[0].risk == .low && types[0].idempotent)  // the seed's other fields stay
        #expect(types[1].executor == .http(HTTPExecutorSpec(url: "https://agents.example/{agent}/{type}", timeoutMilliseconds: 2000, retries: 1)))
        #expect(types[1].approval == ApprovalRule(approvers: 2, expiresAfterMinutes: 30, onExpiry: .approve, proposerMayApprove: false))
        #expect(types[0].approval.proposerMayApprove)
        #expect(loaded.provenance.entry("actionTypes[1].executor.timeoutMs")?.origin != .default)
    }

    @Test func aNewTypeStartsOnTheCautiousSide() throws {
        let type = try #require(try load("actionTypes:\n  - {name: mystery, risk: low}\n").configuration.actionType(named: "mystery"))
        #expect(!type.reversible && !type.idempotent && type.external && type.neverAutonomous)
    }

    func structuredErrors(_ yaml: String) -> [ConfigurationError] {
        do {
            _ = try ConfigurationLoader.load(yaml: yaml, file: "steward.yaml", environment: [:])
            return []
        } catch {
            return error.errors
        }
    }

    /// QA r4 config L2, L3: a misspelt URL placeholder was sent literally, and a relative program
    /// path failed only when the action ran.
    @Test func executorURLsAndProgramsAreCheckedWhenTheFileLoads() {
        let yaml = "actionTypes:\n"
            + "  - {name: ping, risk: low, executor: {kind: http, url: \"http://127.0.0.1:9/p/{acount}/{id}\"}}\n"
            + "  - {name: report, risk: low, executor: {kind: command, argv: [config/report.sh]}}\n"
            + "  - {name: fine, risk: low, executor: {kind: command, argv: [env, x]}}\n"
        let found = errors(yaml)
        #expect(found.count == 2, "\(found)")
        #expect(found.contains { $0.contains("actionTypes[0].executor.url: unknown placeholder '{acount}'") && $0.contains("did you mean 'account'?") })
        #expect(found.contains { $0.contains("actionTypes[1].executor.argv: argv[0] 'config/report.sh' is a relative path") })
    }

    @Test func seedHighRiskTypesCannotBeMadeSafe() {
        let found = errors("actionTypes:\n  - {name: send_email, risk: low, external: false}\n")
        #expect(found.count == 2)
        #expect(found.contains { $0.contains("actionTypes[0].risk") && $0.contains("cannot be lowered to low") })
        #expect(found.contains { $0.contains("actionTypes[0].external") && $0.contains("'external' cannot be false") })
    }

    /// F1: an expiry that approves would run a high-risk or external type with no person.
    @Test func highRiskAndExternalTypesCannotBeApprovedOnExpiry() {
        let found = structuredErrors("""
            actionTypes:
              - name: send_email
                approval: {expiresAfterMinutes: 1, onExpiry: approve}
              - {name: mystery, risk: low, approval: {onExpiry: approve}}
              - {name: tidy, risk: low, external: false, reversible: true, idempotent: true, approval: {onExpiry: approve}}
            """)
        #expect(found.map(\.path) == ["actionTypes[0].approval.onExpiry", "actionTypes[1].approval.onExpiry"])
        #expect(found.map { $0.line } == [3, 4])
        #expect(found.allSatisfy { $0.file == "steward.yaml" && $0.column != nil && $0.message.contains("never runs without a person") })
    }

    /// QA spine r3 H1: an expiry approves only what autopilot could run, so on a medium-risk,
    /// irreversible or non-idempotent type `onExpiry: approve` is refused where it is written.
    @Test func onlyTypesAutopilotCouldRunMayBeApprovedOnExpiry() {
        let found = structuredErrors("""
            actionTypes:
              - {name: medium_thing, risk: medium, external: false, reversible: true, idempotent: true, approval: {onExpiry: approve}}
              - {name: once, risk: low, external: false, reversible: false, idempotent: false, approval: {onExpiry: approve}}
            """)
        #expect(found.map(\.path) == ["actionTypes[0].approval.onExpiry", "actionTypes[1].approval.onExpiry"])
        #expect(found.first?.message.contains("'medium_thing' is medium-risk, and an expiry approves only what autopilot could run") == true)
        #expect(found.last?.message.contains("'once' is not reversible and not idempotent") == true)
    }

    @Test func policyRulesAreCheckedWhenTheFileLoads() {
        let found = errors("""
            policy:
              rules:
                - {name: ok, when: 'action.type == "x"', effect: block}
                - {name: typo, when: 'acton.type == "x"', effect: allow}
                - {name: notbool, when: 'action.costUsd + 1.0', effect: allow}
                - {name: bad-effect, when: 'true', effect: deny}
            """)
        #expect(found.contains { $0.contains("policy.rules[1].when") && $0.contains("acton") })
        #expect(found.contains { $0.contains("policy.rules[2].when") && $0.contains("bool") })
        #expect(found.contains { $0.contains("policy.rules[3].effect") && $0.contains("allow, require_approval, block") })
    }

    @Test func autonomyAndNotificationsReadTheirKeysAndVariables() throws {
        let loaded = try load("""
            tenants:
              - {id: default, tier: enterprise}
            autonomy:
              mode: autopilot
              autopilotScope: [draft_email]
              accountDailyActions: 7
              costGate: {minIntervalMinutes: 15, maxOpenActions: 3}
              accounts:
                - {id: acme, mode: scheduled, scheduledOptIn: true, dailyActions: 2}
            notifications: {timeoutMs: 900, digestHourUtc: 6}
            """, environment: ["STEWARD_NOTIFY_WEBHOOK_URL": "http://127.0.0.1:9/hook"])
        let c = loaded.configuration
        #expect(c.tenants[0].tier == .enterprise && c.autonomy.mode == .autopilot && c.autonomy.autopilotScope == ["draft_email"])
        #expect(c.autonomy.costGate == CostGateSettings(minIntervalMinutes: 15, maxOpenActions: 3, reserveFraction: 0.1))
        #expect(c.autonomy.accounts == [AccountAutonomy(id: "acme", mode: .scheduled, scheduledOptIn: true, dailyActions: 2)])
        #expect(c.notifications == NotificationSettings(webhookURL: "http://127.0.0.1:9/hook", timeoutMilliseconds: 900, digestHourUTC: 6))
        #expect(loaded.provenance["notifications.webhookUrl"] == .environment("STEWARD_NOTIFY_WEBHOOK_URL"))
        #expect(errors("autonomy:\n  autopilotScope: [no_such_type]\n").first?.contains("no_such_type") == true)
        // QA r4 M1: a misspelt step type in the remediation scope held every such step for a person.
        #expect(errors("remediation:\n  autopilotScope: [restartAgent, retryLastTsk]\n")
            == ["steward.yaml:2:34: remediation.autopilotScope[1]: undeclared action type 'retryLastTsk'; did you mean 'retryLastTask'?"])
        #expect(errors("autonomy:\n  mode: yolo\n").first?.contains("assist, approve, autopilot, scheduled") == true)
    }
}
