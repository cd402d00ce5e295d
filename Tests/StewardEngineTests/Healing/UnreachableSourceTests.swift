import StewardCore
import StewardEngine
import StewardTestSupport
import Testing

/// Seed 000 §4: "If source unreachable, fallback source (if defined) or degrade gracefully
/// (reduced scope)". The refresh a freshness check plans before the retry is the test of
/// reachability: when its refetch fails, the same attempt falls back or degrades and retries,
/// instead of failing and refetching the same unreachable source again (QA r8 freshness H1).
@Suite struct UnreachableSourceTests {
    func fixture(fallback: String?) throws -> HealingFixture {
        try HealingFixture({ c in
            c.playbooks.removeAll { $0.name == "RepairDataDependency" }
            c.sources = [
                SourceSpec(name: "MarketIntel", freshnessTargetMinutes: 60, fallback: fallback),
                SourceSpec(name: "PartnerFeeds", freshnessTargetMinutes: 120),
            ]
        }, agentsReport: false)
    }

    /// Reports every dispatched step of CMO's incident as its agent would: a refetch of
    /// MarketIntel fails, everything else succeeds. Returns the types reported, in order, and
    /// what the retry was told about its data.
    func carryOut(_ f: HealingFixture) async throws -> (done: [String], data: JSONValue?) {
        var done: [String] = []
        var data: JSONValue?
        for _ in 0..<20 {
            let dispatched = try await f.spine.actions(tenant: "default", status: .dispatched, account: nil, agent: "CMO", after: nil, limit: 100)
                .filter { $0.proposal.id.hasPrefix("act_inc_") }
            guard let step = dispatched.first else { break }
            let unreachable = step.proposal.type == "refetchSource" && step.proposal.params["source"] == "MarketIntel"
            _ = try await f.report(step.proposal.id, unreachable ? .executionFailed : .executionSucceeded, detail: unreachable ? "MarketIntel answered 503" : "done")
            done.append(step.proposal.type + (step.proposal.params["source"]?.stringValue.map { "(\($0))" } ?? ""))
            if step.proposal.type == "retryLastTask" { data = step.proposal.params["data"] }
        }
        return (done, data)
    }

    @Test func aFailedRefetchFallsBackInTheSameAttempt() async throws {
        let f = try fixture(fallback: "PartnerFeeds")
        defer { f.close() }
        _ = try await f.remediator.sourceRefreshed("PartnerFeeds", tenant: "default", at: nil, by: "key:test")
        let receipt = try await f.signal("CMO", .error, errorCode: .staleData, dependencies: ["MarketIntel"])
        let (done, data) = try await carryOut(f)
        #expect(done == ["refreshCache", "refetchSource(MarketIntel)", "refetchSource(PartnerFeeds)", "validateInputs", "retryLastTask"])
        // QA r8 freshness M1: the retry is told to read the fallback.
        #expect(data == ["source": "MarketIntel", "fallback": "PartnerFeeds"])
        let incident = try await f.incident(receipt.incident)
        #expect(incident.attempts.count == 1 && incident.escalation == nil, "\(incident.attempts.map(\.verification))")
        #expect(try await f.entries(kind: "source.fallback").count == 1)
        // QA r8 freshness M3: the listing says the refresh failed, whatever its clock says.
        let view = try #require(try await f.remediator.sources(tenant: "default").first { $0.name == "MarketIntel" })
        #expect(view.explanation.contains("but its last refresh failed: MarketIntel answered 503"), "\(view.explanation)")
    }

    @Test func withoutAFallbackItDegradesInTheSameAttempt() async throws {
        let f = try fixture(fallback: nil)
        defer { f.close() }
        let receipt = try await f.signal("CMO", .error, errorCode: .staleData, dependencies: ["MarketIntel"])
        let (done, data) = try await carryOut(f)
        #expect(done == ["refreshCache", "refetchSource(MarketIntel)", "retryLastTask"])
        #expect(data?["degraded"] == true && data?["source"] == "MarketIntel" && data?["mode"] == "ReducedScope", "\(String(describing: data))")
        let incident = try await f.incident(receipt.incident)
        #expect(incident.attempts.count == 1 && incident.escalation == nil)
        let degraded = try await f.entries(kind: "source.degraded")
        #expect(degraded.count == 1 && String(decoding: degraded[0].canonicalPayload, as: UTF8.self).contains("reduced scope"))
    }
}
