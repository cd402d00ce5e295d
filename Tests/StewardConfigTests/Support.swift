import Foundation
import StewardConfig
import StewardCore

/// Loads configuration text as `steward.yaml`, the name every expected location uses.
func load(_ yaml: String, environment: [String: String] = [:]) throws(ConfigurationErrors) -> LoadedConfiguration {
    try ConfigurationLoader.load(yaml: yaml, file: "steward.yaml", environment: environment)
}

/// The printed errors of a load (empty when it succeeds); nil text means no file at all.
func errors(_ yaml: String?, environment: [String: String] = [:]) -> [String] {
    do {
        if let yaml {
            _ = try ConfigurationLoader.load(yaml: yaml, file: "steward.yaml", environment: environment)
        } else {
            _ = try ConfigurationLoader.load(path: nil, environment: environment)
        }
        return []
    } catch {
        return error.errors.map(\.description)
    }
}

/// A fixture of Tests/StewardConfigTests/Fixtures.
func fixture(_ name: String) -> String {
    Bundle.module.url(forResource: name, withExtension: "yaml", subdirectory: "Fixtures")?.path ?? "missing fixture \(name)"
}

/// examples/steward.yaml of the repository.
let exampleFile: String = {
    let tests = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    return tests.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("examples/steward.yaml").path
}()

/// A small valid file the error tests add one mistake to.
let minimalFleet = """
    sources:
      - name: MarketIntel
        fallback: PartnerFeeds
      - name: PartnerFeeds
    agents:
      - name: CRO
        domain: Revenue
        dependencies: [MarketIntel]

    """
