import StewardConfig
import StewardCore
import Testing

@Suite("Revision")
struct RevisionTests {
    @Test("The revision is the SHA-256 of the canonical JSON of the effective configuration")
    func definition() throws {
        let loaded = try ConfigurationLoader.load(path: exampleFile, environment: [:])
        #expect(loaded.revision == Digest.sha256Hex(try CanonicalJSON.encode(loaded.configuration)))
        #expect(loaded.revision == (try LoadedConfiguration.revision(of: loaded.configuration)))
        #expect(loaded.revision.count == 64)
    }

    @Test("The same configuration, however written, has the same revision", arguments: [
        "remediation: {maxAttempts: 3}\n",
        "# comment\nremediation:\n  maxAttempts: 3   # three\n",
        "remediation:\n  maxAttempts: +3\n  autoRemediate: yes\n",
        "server: {port: 8080}\nremediation: {slo: {success: 0.940}, maxAttempts: 3}\n",
    ])
    func stable(_ yaml: String) throws {
        let reference = try load("remediation:\n  maxAttempts: 3\n")
        let loaded = try load(yaml)
        #expect(loaded.configuration == reference.configuration)
        #expect(loaded.revision == reference.revision)
    }

    @Test("A variable equal to the file's value does not change the revision")
    func sameValueFromEnvironment() throws {
        let fromFile = try load("remediation: {maxAttempts: 3}\n")
        let fromEnvironment = try ConfigurationLoader.load(path: nil, environment: ["AUTOREM_MAX_ATTEMPTS": "3"])
        #expect(fromFile.revision == fromEnvironment.revision)
        #expect(fromFile.provenance != fromEnvironment.provenance)
    }

    @Test("A changed value changes the revision", arguments: [
        "remediation: {maxAttempts: 3}\n",
        "remediation: {slo: {success: 0.95}}\n",
        "remediation: {priority: [Marketing, Revenue, Content]}\n",
        "server: {port: 8081}\n",
        "tenants: [{id: default, name: Standard}]\n",
        "agents: [{name: CRO, domain: Revenue}]\n",
        "sources: [{name: MarketIntel}, {name: ContentBriefs}]\n",
        "sources: [{name: MarketIntel, degradeMode: UseLastKnownGood<=6h}, {name: ContentBriefs}, {name: SalesPipeline}]\n",
    ])
    func changedValue(_ yaml: String) throws {
        #expect(try load(yaml).revision != (try load("").revision))
    }

    @Test("An environment override changes the revision", arguments: [
        "AUTO_REMEDIATE", "AUTOREM_MAX_ATTEMPTS", "AUTOREM_BANDIT_EXPLORATION", "FRESHNESS_MARKET_INTEL",
    ])
    func environmentOverride(_ variable: String) throws {
        let values = ["AUTO_REMEDIATE": "false", "AUTOREM_MAX_ATTEMPTS": "5", "AUTOREM_BANDIT_EXPLORATION": "0.2", "FRESHNESS_MARKET_INTEL": "61"]
        let base = try ConfigurationLoader.load(path: exampleFile, environment: [:])
        let overridden = try ConfigurationLoader.load(path: exampleFile, environment: [variable: values[variable] ?? ""])
        #expect(overridden.revision != base.revision)
    }

    @Test("Loading twice gives the same revision")
    func repeatable() throws {
        let first = try ConfigurationLoader.load(path: exampleFile, environment: ["AUTOREM_ROI_FLOOR": "0.25"])
        let second = try ConfigurationLoader.load(path: exampleFile, environment: ["AUTOREM_ROI_FLOOR": "0.25"])
        #expect(first == second)
    }

    @Test("Equal degrade modes spelt differently hash alike")
    func degradeSpelling() throws {
        let hours = try load("sources: [{name: A, degradeMode: UseLastKnownGood<=6h}]\n")
        let minutes = try load("sources: [{name: A, degradeMode: UseLastKnownGood<=360m}]\n")
        #expect(hours.revision == minutes.revision)
    }
}
