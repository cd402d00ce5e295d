import StewardConfig
import StewardCore
import Testing

@Suite("examples/steward.yaml")
struct ExampleFileTests {
    @Test("Declares the fleet of the seeds and is valid on its own")
    func fleet() throws {
        let loaded = try ConfigurationLoader.load(path: exampleFile, environment: [:])
        let c = loaded.configuration
        let domains = Dictionary(uniqueKeysWithValues: c.agents.map { ($0.name, $0.domain) })
        #expect(domains == [
            "CEO": .executive, "ChiefOfStaff": .executive, "CRO": .revenue,
            "CMO": .marketing, "Content": .content, "COO": .operations,
        ])
        #expect(c.source(named: "MarketIntel") == SourceSpec(
            name: "MarketIntel", freshnessTargetMinutes: 60, fallback: "PartnerFeeds",
            degradeMode: .useLastKnownGood(maxAgeSeconds: 6 * 3600)
        ))
        #expect(c.source(named: "PartnerFeeds") != nil)
        #expect(c.source(named: "ContentBriefs")?.freshnessTargetMinutes == 1440)
        #expect(c.source(named: "SalesPipeline")?.freshnessTargetMinutes == 30)
        #expect(c.remediation == .default)
        #expect(c.server == .default)
        #expect(c.tenants == [.default])
    }

    @Test("Its settings are written in the file, except the ones it leaves to defaults")
    func writtenOut() throws {
        let loaded = try ConfigurationLoader.load(path: exampleFile, environment: [:])
        for entry in loaded.provenance.entries where entry.path.hasPrefix("remediation.") || entry.path.hasPrefix("server.") {
            guard case .file(let location) = entry.origin else {
                Issue.record("\(entry.path) is not written in the example")
                continue
            }
            #expect(location.file == exampleFile && location.line > 0)
        }
    }

    @Test("It stays valid under the seeds' own environment")
    func seedEnvironment() throws {
        let seeds = [
            "AUTO_REMEDIATE": "true", "AUTOREM_MAX_ATTEMPTS": "2", "AUTOREM_SLO_SUCCESS": "0.94", "AUTOREM_SLO_ALIGN": "0.95",
            "AUTOREM_SLO_BACKLOG_MIN": "15", "AUTOREM_PRIORITY": "Revenue,Marketing,Content", "AUTOREM_BUDGET_CAP_DAILY_USD": "25",
            "AUTOREM_COST_PER_RESTART": "0.02", "AUTOREM_COST_PER_RETRY": "0.005", "AUTOREM_COST_PER_REBALANCE": "0.03",
            "AUTOREM_COST_PER_FETCH": "0.002", "AUTOREM_VALUE_REVENUE_POINT": "1.0", "AUTOREM_VALUE_MARKETING_POINT": "0.3",
            "AUTOREM_VALUE_CONTENT_POINT": "0.2", "AUTOREM_MAX_CONCURRENCY": "8", "AUTOREM_MIN_CONCURRENCY": "1",
            "AUTOREM_QUEUE_SLA_MIN": "15", "AUTOREM_ROI_FLOOR": "0.2", "FRESHNESS_MARKET_INTEL": "60",
            "FRESHNESS_CONTENT_BRIEFS": "1440", "FRESHNESS_SALES_PIPELINE": "30", "AUTOREM_BANDIT_ENABLED": "true",
            "AUTOREM_BANDIT_EXPLORATION": "0.15", "AUTOREM_RISK_HITL_THRESHOLD": "0.8", "AUTOREM_MAX_ESCALATIONS_PER_DAY": "5",
        ]
        let plain = try ConfigurationLoader.load(path: exampleFile, environment: [:])
        let withSeeds = try ConfigurationLoader.load(path: exampleFile, environment: seeds)
        #expect(withSeeds.configuration == plain.configuration)
        #expect(withSeeds.revision == plain.revision)
        // The same variables work without any file, as a deployment written against the seeds expects.
        let noFile = try ConfigurationLoader.load(path: nil, environment: seeds)
        #expect(noFile.configuration.remediation == .default)
    }
}
