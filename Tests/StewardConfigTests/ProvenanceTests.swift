@testable import StewardConfig
import StewardCore
import Testing

@Suite("Provenance")
struct ProvenanceTests {
    static let yaml = """
        server:
          port: 9000
        agents:
          - name: CRO
            domain: Revenue
            dependencies: [SalesPipeline]
        remediation:
          maxAttempts: 3
          slo: {success: 0.9}

        """

    @Test("Classifier and policy rules are listed under the file's own paths, with their values")
    func rulesUnderTheFilesPaths() throws {
        let loaded = try load("""
            classifier:
              rules:
                - {name: queue-flood, when: context.queueDepth > 50, classification: CAPACITY}
            policy:
              rules:
                - {name: r1, when: action.risk == "low", effect: allow}
            """)
        let p = loaded.provenance
        #expect(p.entry("classifier.rules[0].when") == .init(
            path: "classifier.rules[0].when", value: "context.queueDepth > 50", origin: .file(FileLocation(file: "steward.yaml", line: 3, column: 33))))
        #expect(p.entry("classifier.rules[0].name")?.value == "queue-flood")
        #expect(p.entry("policy.rules[0].when")?.value == #"action.risk == "low""#)
        #expect(p.entry("classifier[0].name") == nil && p.entry("policy.rules[0].condition") == nil)
    }

    @Test("File, environment and default, each where it applies")
    func origins() throws {
        let loaded = try load(Self.yaml, environment: ["AUTOREM_MAX_ATTEMPTS": "4", "AUTOREM_SLO_ALIGN": "0.9"])
        let p = loaded.provenance
        #expect(p["server.port"] == .file(FileLocation(file: "steward.yaml", line: 2, column: 9)))
        #expect(p["server.host"] == .default)
        #expect(p["agents[0].name"] == .file(FileLocation(file: "steward.yaml", line: 4, column: 11)))
        #expect(p["agents[0].dependencies"] == .file(FileLocation(file: "steward.yaml", line: 6, column: 19)))
        #expect(p["agents[0].slots"] == .default)
        #expect(p["remediation.maxAttempts"] == .environment("AUTOREM_MAX_ATTEMPTS"))
        #expect(p["remediation.slo.success"] == .file(FileLocation(file: "steward.yaml", line: 9, column: 18)))
        #expect(p["remediation.slo.alignment"] == .environment("AUTOREM_SLO_ALIGN"))
        #expect(p["remediation.slo.backlogMinutes"] == .default)
        #expect(p["tenants[0].id"] == .default)
        #expect(p["sources[2].freshnessTargetMinutes"] == .default)
        #expect(p["no.such.setting"] == nil)
    }

    /// QA telemetry F10: a quota's reset hour is listed under the key the file uses, with its value.
    @Test("Quota settings are listed under steward.yaml's names")
    func quotaKeys() throws {
        let loaded = try load("telemetry:\n  quotas:\n    - {provider: github, dailyLimit: 5000, unit: requests, resetHourUtc: 5}\n")
        let entry = try #require(loaded.provenance.entry("telemetry.quotas[0].resetHourUtc"))
        #expect(entry.value == 5 && entry.origin == .file(FileLocation(file: "steward.yaml", line: 3, column: 74)))
        #expect(loaded.provenance.entry("telemetry.quotas[0].resetHourUTC") == nil)
    }

    /// QA ops F6: governance.md says a role listed twice must approve twice; the file may say so.
    @Test("A role may be listed twice in requiredApprovals")
    func repeatedApprovalRoles() throws {
        let loaded = try load("governance:\n  requiredApprovals: [tech-lead, ops-lead, ops-lead]\n  approvers: {tech-lead: [alice], ops-lead: [bob, carol]}\n")
        #expect(loaded.configuration.governance.requiredApprovals == ["tech-lead", "ops-lead", "ops-lead"])
        // Other name lists still refuse a repeat.
        #expect(throws: ConfigurationErrors.self) { try load("remediation:\n  priority: [Revenue, Revenue]\n") }
    }

    /// QA governance F3: key names are unique only within a tenant, so with several tenants an
    /// approver names its tenant, and a role is held by that tenant's key only.
    @Test("Approvers name their tenant when several are declared")
    func approversNameTheirTenant() throws {
        let tenants = "tenants:\n  - {id: acme, name: Acme}\n  - {id: globex, name: Globex}\n"
        let errors: [ConfigurationError]
        do {
            _ = try load(tenants + "governance:\n  approvers: {tech-lead: [lead, acmee/lead], ops-lead: [acme/ops]}\n")
            errors = []
        } catch { errors = error.errors }
        #expect(errors.map(\.path) == ["governance.approvers.tech-lead[0]", "governance.approvers.tech-lead[1]"])
        #expect(errors.first?.message.contains("must name its tenant, as 'acme/lead'") == true)
        #expect(errors.last?.message.hasSuffix("did you mean 'acme'?") == true)
        let settings = try load(tenants + "governance:\n  approvers: {tech-lead: [acme/lead], ops-lead: [acme/ops]}\n").configuration.governance
        #expect(settings.roles(of: "lead", tenant: "acme") == ["tech-lead"])
        #expect(settings.roles(of: "lead", tenant: "globex").isEmpty)
        // One tenant: a bare name is that tenant's key.
        #expect(try load("governance:\n  approvers: {tech-lead: [lead], ops-lead: [ops]}\n").configuration.governance.roles(of: "lead", tenant: "default") == ["tech-lead"])
    }

    /// QA governance r3 L4: approvers that leave a required role with no holder could never approve
    /// a scope-expansion proposal; the file says so where it is written.
    @Test("Every required role has a holder once approvers are given")
    func everyRequiredRoleIsHeld() throws {
        var errors: [ConfigurationError] = []
        do { _ = try load("governance:\n  approvers: {tech-lead: [alice], ops_lead: [bob]}\n") } catch { errors = error.errors }
        #expect(errors.map(\.path) == ["governance.approvers"])
        #expect(errors.first?.message.contains("role 'ops-lead' of governance.requiredApprovals has no holder") == true)
        #expect(errors.first?.message.hasSuffix("did you mean 'ops_lead'?") == true, "\(errors.first?.message ?? "")")
    }

    @Test("Escalations are addressed as remediation.escalateTo says, the CEO by default")
    func escalationAddressee() throws {
        #expect(try load("").configuration.remediation.escalateTo == "CEO")
        let loaded = try load("remediation:\n  escalateTo: sre-oncall\n")
        #expect(loaded.configuration.remediation.escalateTo == "sre-oncall")
        #expect(loaded.provenance.entry("remediation.escalateTo")?.origin == .file(FileLocation(file: "steward.yaml", line: 2, column: 15)))
    }

    /// QA healing F6: a step's arguments are read as one mapping; each leaf comes from the file.
    @Test("A playbook step's arguments come from the file")
    func stepArguments() throws {
        let loaded = try load("""
            playbooks:
              - name: HardRestart
                classification: TRANSIENT
                steps:
                  - {do: restartAgent, args: {mode: hard}}
                successCriteria: lastTaskSucceeded
            """)
        let entry = try #require(loaded.provenance.entries.first { $0.path.hasSuffix(".steps[0].args.mode") && $0.value == "hard" })
        #expect(entry.origin == .file(FileLocation(file: "steward.yaml", line: 5, column: 41)), "\(entry)")
    }

    @Test("Origins print as the operator reads them")
    func printed() {
        #expect(SettingOrigin.file(FileLocation(file: "steward.yaml", line: 12, column: 5)).description == "file steward.yaml:12:5")
        #expect(SettingOrigin.environment("AUTOREM_MAX_ATTEMPTS").description == "environment AUTOREM_MAX_ATTEMPTS")
        #expect(SettingOrigin.default.description == "default")
    }

    @Test("Every leaf of the configuration has exactly one entry with its effective value")
    func complete() throws {
        let loaded = try ConfigurationLoader.load(path: exampleFile, environment: ["AUTOREM_ROI_FLOOR": "0.3"])
        let paths = loaded.provenance.entries.map(\.path)
        #expect(Set(paths).count == paths.count)
        #expect(loaded.provenance.entry("remediation.roiFloor")?.value == 0.3)
        #expect(loaded.provenance.entry("agents[2].dependencies")?.value == ["SalesPipeline", "MarketIntel"])
        #expect(loaded.provenance.entry("sources[1].fallback")?.value == .null)
        // 7 server + 3 tenant + 4×4 source + 6×5 agent + 34 remediation settings, (11 + 10)×15 action
        // type, 3×6 policy rule, 8×3 classifier rule, 73 playbook, 9 autonomy, 4 notification settings,
        // 8 governance settings, 12×4 breaker rule, 2×6 telemetry price, 9 telemetry settings and 18 routing
        // settings (5 of the review, 5 reward, 7 guardrails and the empty list of routed skills).
        #expect(paths.count == 7 + 3 + 16 + 30 + 34 + 21 * 15 + 3 * 6 + 8 * 3 + 73 + 9 + 4 + 8 + 12 * 4 + 2 * 6 + 9 + 18)
        #expect(paths.first == "server.host" && paths.last?.hasPrefix("telemetry.") == true)
        // Keys as steward.yaml spells them, so every entry can be looked up by its file path.
        #expect(loaded.provenance.entry("policy.rules[0].when")?.value == "action.risk == \"low\" && !action.external")
        #expect(loaded.provenance.entry("actionTypes[0].executor.kind")?.value == "record")
        #expect(loaded.provenance.entry("notifications.timeoutMs")?.value == 5000)
    }

    @Test("Without a file, every setting is default unless a variable sets it")
    func noFile() throws {
        let loaded = try ConfigurationLoader.load(path: nil, environment: ["FRESHNESS_CONTENT_BRIEFS": "60"])
        #expect(loaded.provenance["sources[1].freshnessTargetMinutes"] == .environment("FRESHNESS_CONTENT_BRIEFS"))
        #expect(loaded.provenance.entries.filter { $0.origin != .default }.map(\.path) == ["sources[1].freshnessTargetMinutes"])
    }

    @Test("Entries follow the sections, and the declaration order within each")
    func order() throws {
        for loaded in [try ConfigurationLoader.load(path: nil, environment: ["FRESHNESS_SALES_PIPELINE": "20"]), try load(Self.yaml)] {
            var sections: [String] = []
            for entry in loaded.provenance.entries {
                let section = String(entry.path.prefix { $0 != "." && $0 != "[" })
                if sections.last != section { sections.append(section) }
            }
            #expect(sections == ["server", "tenants", "sources", "agents", "remediation", "actionTypes", "policy", "classifier", "playbooks", "autonomy", "notifications", "governance", "telemetry"])
        }
        let noFile = try ConfigurationLoader.load(path: nil, environment: [:])
        #expect(noFile.provenance.entries.filter { $0.path.hasPrefix("sources[0]") }.map(\.path) == [
            "sources[0].name", "sources[0].freshnessTargetMinutes", "sources[0].fallback", "sources[0].degradeMode",
        ])
    }
}

/// QA (foundation) L9: list items the defaults decided were listed as text sorts (`[10]` before `[2]`).
@Suite struct ProvenanceOrderTests {
    @Test func listIndexesAreInNumberOrder() throws {
        let loaded = try ConfigurationLoader.load(yaml: "actionTypes:\n  - {name: my_type, risk: low, external: false}\n", file: "steward.yaml", environment: [:])
        let indexes = loaded.provenance.entries.compactMap { entry -> Int? in
            guard entry.path.hasPrefix("actionTypes["), entry.origin == .default else { return nil }
            return Int(entry.path.dropFirst("actionTypes[".count).prefix { $0 != "]" })
        }
        var seen: [Int] = []
        for index in indexes where seen.last != index { seen.append(index) }
        #expect(seen == seen.sorted() && seen.count > 10, "\(seen)")
        #expect(Provenance.precedes("a[2].b", "a[10].a") && !Provenance.precedes("a[10]", "a[9]") && Provenance.precedes("a", "a.b"))
    }
}
