import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import StewardCore
@testable import StewardServer
import StewardTestSupport

/// A refresh makes a source read fresh to every agent, so a key bound to agents may report it only
/// for a source its agents depend on (declared, or named by their signals) (QA healing F7).
@Suite("Source refresh by a bound key")
struct SourceRefreshBindingTests {
    typealias Binding = AgentKeyBindingTests

    @Test func aBoundKeyRefreshesOnlyItsAgentsSources() async throws {
        try await Binding().withApp { keys, client in
            let signal = #"{"agent":"CRO","status":"healthy","metrics":{"successRate":1,"alignment":1,"backlogAgeMinutes":0},"#
                + #""context":{"dependencies":["SalesPipeline"]},"ts":""# + keys.clock.now().rfc3339 + #""}"#
            #expect(try await Binding.post(client, "/v1/signals", key: keys.cro, signal).0 == .accepted)
            #expect(try await Binding.post(client, "/v1/sources/SalesPipeline/refreshed", key: keys.cro, "{}").0 == .ok)
            let before = try await Binding.head(keys)
            let (status, problem) = try await Binding.post(client, "/v1/sources/MarketIntel/refreshed", key: keys.cro, "{}")
            #expect(status == .forbidden && Binding.firstField(problem) == "name")
            #expect(problem["detail"]?.stringValue?.contains("does not depend on source 'MarketIntel'") == true)
            #expect(try await Binding.head(keys) == before)
            // People's keys, and unbound agent keys, speak for every agent.
            #expect(try await Binding.post(client, "/v1/sources/MarketIntel/refreshed", key: keys.admin, "{}").0 == .ok)
        }
    }
}
