import StewardConfig
import StewardCore
import Testing

@Suite("Valid files")
struct ValidFileTests {
    @Test("No file: defaults, one default tenant, no agents, the seed's sources")
    func noFile() throws {
        let loaded = try ConfigurationLoader.load(path: nil, environment: [:])
        #expect(loaded.configuration == .default)
        #expect(loaded.configuration.tenants == [TenantSpec(id: "default", name: "Default")])
        #expect(loaded.configuration.agents.isEmpty)
        #expect(loaded.configuration.sources.map(\.name) == ["MarketIntel", "ContentBriefs", "SalesPipeline"])
        #expect(loaded.configuration.sources.map(\.freshnessTargetMinutes) == [60, 1440, 30])
        #expect(loaded.sourceFile == nil)
        #expect(loaded.provenance.entries.allSatisfy { $0.origin == .default })
    }

    @Test("The defaults are the values of seeds 000 and 001")
    func seedDefaults() {
        let r = RemediationSettings.default
        #expect(r.autoRemediate && r.maxAttempts == 2)
        #expect(r.slo == SLOTargets(success: 0.94, alignment: 0.95, backlogMinutes: 15))
        #expect(r.priority == [.revenue, .marketing, .content])
        #expect(r.budgetCapDailyUsd == 25)
        #expect(r.costs == ActionCosts(restart: 0.02, retry: 0.005, rebalance: 0.03, fetch: 0.002))
        #expect(r.values == DomainValues(revenuePoint: 1.0, marketingPoint: 0.3, contentPoint: 0.2))
        #expect(r.concurrency == ConcurrencyLimits(min: 1, max: 8))
        #expect(r.queueSlaMinutes == 15 && r.roiFloor == 0.2)
        #expect(r.bandit == BanditSettings(enabled: true, exploration: 0.15))
        #expect(r.riskHitlThreshold == 0.8 && r.maxEscalationsPerDay == 5)
    }

    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let yaml: String
        let check: @Sendable (StewardConfiguration) -> Bool
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "empty file", yaml: "", check: { $0 == .default }),
        Case(name: "comments only", yaml: "# nothing yet\n", check: { $0 == .default }),
        Case(name: "empty sections", yaml: "server:\nremediation:\n", check: { $0 == .default }),
        Case(name: "server in flow style", yaml: "server: {host: 0.0.0.0, port: 9090}\n", check: {
            $0.server.host == "0.0.0.0" && $0.server.port == 9090 && $0.server.dataDir == "./steward-data"
        }),
        Case(name: "tenants replace the default", yaml: "tenants: [{id: acme, name: Acme Corp}, {id: beta}]\n", check: {
            $0.tenants == [TenantSpec(id: "acme", name: "Acme Corp"), TenantSpec(id: "beta", name: "beta")]
        }),
        Case(name: "agent defaults", yaml: "agents: [{name: CRO, domain: Revenue}]\n", check: {
            $0.agents == [AgentSpec(name: "CRO", tenant: "default", domain: .revenue, dependencies: [], slots: 1)]
        }),
        Case(name: "sources replace the seed's; a seed name keeps its target", yaml: """
            sources:
              - name: MarketIntel
              - {name: Wiki, freshnessTargetMinutes: 15, degradeMode: "UseLastKnownGood<=90m"}
            """, check: {
                $0.sources == [
                    SourceSpec(name: "MarketIntel", freshnessTargetMinutes: 60),
                    SourceSpec(name: "Wiki", freshnessTargetMinutes: 15, degradeMode: .useLastKnownGood(maxAgeSeconds: 5400)),
                ]
            }),
        Case(name: "sources: [] declares none", yaml: "sources: []\n", check: { $0.sources.isEmpty }),
        Case(name: "integers are numbers", yaml: "remediation: {budgetCapDailyUsd: 40, roiFloor: 1}\n", check: {
            $0.remediation.budgetCapDailyUsd == 40 && $0.remediation.roiFloor == 1
        }),
        Case(name: "booleans: yes, no, 1, 0", yaml: "remediation: {autoRemediate: no, bandit: {enabled: 0}}\n", check: {
            !$0.remediation.autoRemediate && !$0.remediation.bandit.enabled
        }),
        Case(name: "probability bounds are inclusive", yaml: "remediation: {slo: {success: 0, alignment: 1}}\n", check: {
            $0.remediation.slo.success == 0 && $0.remediation.slo.alignment == 1
        }),
        Case(name: "priority of all five domains", yaml: "remediation:\n  priority: [Executive, Revenue, Operations, Marketing, Content]\n", check: {
            $0.remediation.priority == [.executive, .revenue, .operations, .marketing, .content]
        }),
        Case(name: "anchors and aliases", yaml: """
            agents:
              - {name: A, domain: Content, dependencies: &deps [MarketIntel, SalesPipeline]}
              - {name: B, domain: Content, dependencies: *deps}
            """, check: { $0.agents.map(\.dependencies) == [["MarketIntel", "SalesPipeline"], ["MarketIntel", "SalesPipeline"]] }),
        Case(name: "merge keys", yaml: """
            agents:
              - &cro {name: CRO, domain: Revenue, dependencies: [SalesPipeline], slots: 2}
              - {<<: *cro, name: CRO-EU}
            """, check: {
                $0.agents.last == AgentSpec(name: "CRO-EU", domain: .revenue, dependencies: ["SalesPipeline"], slots: 2)
            }),
        Case(name: "x- keys at the top hold anchors, as in Compose files", yaml: """
            x-agent: &agent {domain: Revenue, dependencies: [SalesPipeline], slots: 2}
            agents:
              - {<<: *agent, name: CRO}
              - {<<: *agent, name: CRO-EU}
            """, check: {
                $0.agents.map(\.name) == ["CRO", "CRO-EU"] && $0.agents.allSatisfy { $0.slots == 2 && $0.domain == .revenue }
            }),
        Case(name: "concurrency min equal to max", yaml: "remediation: {concurrency: {min: 3, max: 3}}\nagents: [{name: A, domain: Revenue, slots: 3}]\n", check: {
            $0.remediation.concurrency == ConcurrencyLimits(min: 3, max: 3)
        }),
    ]

    @Test("Valid files load", arguments: cases)
    func valid(_ testCase: Case) throws {
        let loaded = try load(testCase.yaml)
        #expect(testCase.check(loaded.configuration))
        #expect(loaded.sourceFile == "steward.yaml")
    }

    @Test("A file on disk loads through load(path:)")
    func fromDisk() throws {
        let loaded = try ConfigurationLoader.load(path: fixture("small-fleet"), environment: [:])
        #expect(loaded.configuration.agents.map(\.name) == ["CRO", "CMO"])
        #expect(loaded.sourceFile?.hasSuffix("small-fleet.yaml") == true)
    }

    @Test("A missing file is one error naming it")
    func missingFile() {
        #expect(throws: ConfigurationErrors.self) {
            try ConfigurationLoader.load(path: "/nonexistent/steward.yaml", environment: [:])
        }
        do {
            _ = try ConfigurationLoader.load(path: "/nonexistent/steward.yaml", environment: [:])
        } catch {
            #expect(error.errors.count == 1)
            #expect(error.errors.first?.file == "/nonexistent/steward.yaml")
            #expect(error.description == "/nonexistent/steward.yaml: no such file")
        }
    }
}
