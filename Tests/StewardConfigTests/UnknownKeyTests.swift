import StewardConfig
import Testing

@Suite("Unknown keys")
struct UnknownKeyTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let yaml: String
        let error: String
        var testDescription: String { yaml.replacingNewlines }
    }

    static let cases: [Case] = [
        Case(yaml: "sever:\n  port: 1\n", error: "steward.yaml:1:1: sever: unknown key 'sever'; did you mean 'server'?"),
        Case(yaml: "agent: []\n", error: "steward.yaml:1:1: agent: unknown key 'agent'; did you mean 'agents'?"),
        Case(yaml: "server:\n  prot: 8080\n", error: "steward.yaml:2:3: server.prot: unknown key 'prot'; did you mean 'port'?"),
        Case(yaml: "server:\n  datadir: x\n", error: "steward.yaml:2:3: server.datadir: unknown key 'datadir'; did you mean 'dataDir'?"),
        Case(yaml: "remediation:\n  maxAtempts: 3\n", error: "steward.yaml:2:3: remediation.maxAtempts: unknown key 'maxAtempts'; did you mean 'maxAttempts'?"),
        Case(yaml: "remediation:\n  slo: {sucess: 0.9}\n", error: "steward.yaml:2:9: remediation.slo.sucess: unknown key 'sucess'; did you mean 'success'?"),
        Case(yaml: "remediation:\n  bandit: {epsilon: 0.1}\n", error: "steward.yaml:2:12: remediation.bandit.epsilon: unknown key 'epsilon'; expected one of 'enabled', 'strategy', 'exploration'"),
        Case(yaml: "agents:\n  - {name: A, domain: Content, dependancies: []}\n", error: "steward.yaml:2:32: agents[0].dependancies: unknown key 'dependancies'; did you mean 'dependencies'?"),
        Case(yaml: "sources:\n  - {name: A, freshness: 5}\n", error: "steward.yaml:2:15: sources[0].freshness: unknown key 'freshness'; did you mean 'freshnessTargetMinutes'?"),
        Case(yaml: "tenants:\n  - {id: t, title: T}\n", error: "steward.yaml:2:13: tenants[0].title: unknown key 'title'; expected one of 'id', 'name', 'tier'"),
        Case(yaml: "telemetry:\n  routing:\n    guardrail: {}\n", error: "steward.yaml:3:5: telemetry.routing.guardrail: unknown key 'guardrail'; did you mean 'guardrails'?"),
        Case(yaml: "telemetry:\n  routing:\n    guardrails: {cooldownHour: 6}\n", error: "steward.yaml:3:18: telemetry.routing.guardrails.cooldownHour: unknown key 'cooldownHour'; did you mean 'cooldownHours'?"),
        Case(yaml: "notifications:\n  alertInterval: 5\n", error: "steward.yaml:2:3: notifications.alertInterval: unknown key 'alertInterval'; did you mean 'alertIntervalSeconds'?"),
        Case(yaml: "telemetry:\n  fingerprintMismatches: alert\n", error: "steward.yaml:2:3: telemetry.fingerprintMismatches: unknown key 'fingerprintMismatches'; did you mean 'fingerprintMismatch'?"),
        Case(yaml: "guardrails: []\n", error: "steward.yaml:1:1: guardrails: unknown key 'guardrails'; expected one of 'server', 'tenants', 'sources', 'agents', 'remediation', 'actionTypes', 'policy', 'classifier', 'playbooks', 'autonomy', 'notifications', 'governance', 'telemetry'"),
    ]

    @Test("Reported at the key, with the closest known key", arguments: cases)
    func unknown(_ testCase: Case) {
        #expect(errors(testCase.yaml) == [testCase.error])
    }

    @Test("Several unknown keys in one mapping are all reported")
    func several() {
        #expect(errors("server:\n  hots: a\n  prot: 1\n") == [
            "steward.yaml:2:3: server.hots: unknown key 'hots'; did you mean 'host'?",
            "steward.yaml:3:3: server.prot: unknown key 'prot'; did you mean 'port'?",
        ])
    }

    @Test("A removed key says what replaced it")
    func removed() {
        let found = errors("server:\n  signalSkewSeconds: 5\n")
        #expect(found.count == 1)
        #expect(found.first?.hasPrefix("steward.yaml:2:") == true)
        #expect(found.first?.contains("remediation.signals.maxFutureSkewSeconds") == true)
        #expect(found.first?.contains("remediation.signals.maxAgeSeconds") == true)
    }
}

extension String {
    var replacingNewlines: String { split(separator: "\n").joined(separator: " ⏎ ") }
}
