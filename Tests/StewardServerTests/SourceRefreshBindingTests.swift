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
            // A source nobody declared is the same 422 for a bound key as for any other (QA r8 freshness L2).
            let (typo, refusal) = try await Binding.post(client, "/v1/sources/SalesPipline/refreshed", key: keys.cro, "{}")
            #expect(typo == .unprocessableContent && Binding.firstField(refusal) == "name", "\(refusal)")
            // People's keys, and unbound agent keys, speak for every agent.
            #expect(try await Binding.post(client, "/v1/sources/MarketIntel/refreshed", key: keys.admin, "{}").0 == .ok)
        }
    }
}

/// `GET /v1/sources`: an on-call reads each source's freshness without writing (QA healing F9).
@Suite("Sources over HTTP")
struct SourceListingTests {
    typealias Binding = AgentKeyBindingTests

    static func get(_ client: any TestClientProtocol, _ uri: String, key: String) async throws -> (HTTPResponse.Status, JSONValue) {
        let response = try await client.execute(uri: uri, method: .get, headers: [.authorization: "Bearer \(key)"])
        return (response.status, (try? JSONReader.parse(Array(response.body.readableBytesView))) ?? .null)
    }

    @Test func eachDeclaredSourceShowsItsFreshness() async throws {
        try await Binding().withApp { keys, client in
            #expect(try await Binding.post(client, "/v1/sources/SalesPipeline/refreshed", key: keys.admin, "{}").0 == .ok)
            let (status, body) = try await Self.get(client, "/v1/sources", key: keys.cro)
            #expect(status == .ok)
            guard case .array(let sources)? = body["sources"] else { Issue.record("no sources: \(body)"); return }
            let names = sources.compactMap { $0["name"]?.stringValue }
            #expect(names == StewardConfiguration.default.sources.map(\.name))
            let pipeline = try #require(sources.first { $0["name"] == "SalesPipeline" })
            #expect(pipeline["freshness"] == "fresh" && pipeline["reachable"] == .bool(true) && pipeline["lastRefreshedAt"] != nil)
            let never = try #require(sources.first { $0["name"] != "SalesPipeline" && $0["freshnessTargetMinutes"] != nil })
            #expect(never["freshness"] == "unknown" && never["lastRefreshedAt"] == nil)
            let (one, single) = try await Self.get(client, "/v1/sources/SalesPipeline", key: keys.admin)
            #expect(one == .ok && single == pipeline)
            let (missing, problem) = try await Self.get(client, "/v1/sources/SalesPipelin", key: keys.admin)
            #expect(missing == .notFound && problem["detail"]?.stringValue?.hasSuffix("did you mean 'SalesPipeline'?") == true)
            #expect(try await Self.get(client, "/v1/sources?stale=true", key: keys.admin).0 == .unprocessableContent)
        }
    }
}
