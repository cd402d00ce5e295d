import Foundation
import StewardCore
@testable import StewardEngine
import StewardTestSupport
import Testing

/// An escalated agent that comes back on its own is watched again: its escalated incident closes
/// as recovered after three healthy signals in a row, and a later problem opens a new incident.
@Suite struct EscalationRecoveryTests {
    func escalated() async throws -> (HealingFixture, Incident) {
        let f = try HealingFixture {
            $0.remediation.maxAttempts = 1
            $0.agents[1].executor = .command(CommandExecutorSpec(argv: ["/bin/sh", "-c", "cat >/dev/null; echo '{\"ok\":false,\"missing\":[\"API_BASE\"]}'; exit 1"]))
        }
        let receipt = try await f.signal("CMO", .error, errorCode: .configMissing, missingSecrets: ["API_BASE"])
        let incident = try await f.incident(receipt.incident)
        #expect(incident.status == .escalated)
        return (f, incident)
    }

    @Test func threeHealthySignalsInARowCloseTheEscalationAndANewProblemOpensANewIncident() async throws {
        let (f, incident) = try await escalated()
        defer { f.close() }
        let handedOver = try #require(incident.closedAt)
        // Two healthy signals, then the problem again: the streak breaks and the signal joins the escalation.
        for _ in 0..<2 {
            f.clock.advance(seconds: 60)
            #expect(try await f.signal("CMO").incident == incident.id)
        }
        f.clock.advance(seconds: 60)
        #expect(try await f.signal("CMO", .error, errorCode: .configMissing, missingSecrets: ["API_BASE"]).incident == incident.id)
        #expect(try await f.incident(incident.id).status == .escalated)
        // A person added the secret outside Steward: three healthy signals in a row.
        var receipt: SignalIntake.Receipt?
        for _ in 0..<3 {
            f.clock.advance(seconds: 60)
            receipt = try await f.signal("CMO")
        }
        #expect(receipt?.incident == nil && receipt?.state == .healthy)
        let closed = try await f.incident(incident.id)
        #expect(closed.status == .resolved && closed.resolvedBy == Remediator.recoveredByAgent && closed.closedAt == handedOver)
        #expect(closed.resolution?.contains("recovered after the escalation") == true)
        let escalation = try #require(try await f.remediator.escalations(tenant: "default", status: "recovered", limit: 10).first)
        #expect(escalation.incident == incident.id && escalation.resolution?.by == "agent:CMO")
        #expect(try await f.remediator.escalations(tenant: "default", status: "open", limit: 10).isEmpty)
        #expect(try await f.entries(kind: "escalation.recovered").count == 1)
        // Nobody can choose an option on it any more, and the reason says why.
        await #expect(throws: HealingError.self) {
            _ = try await f.remediator.resolveEscalation(escalation.id, tenant: "default", option: "PauseUntilConfigFixed", by: "key:ops", note: nil)
        }
        // It still counts as an escalation, at its handover, and not as a recovery by Steward.
        let kpis = try await f.remediator.kpis(tenant: "default", window: KPIWindow(from: incident.openedAt, to: f.clock.now().adding(seconds: 1)))
        #expect(kpis.escalationsPerWeek ?? 0 > 0 && kpis.autoResolveRate == 0)

        // A new problem is a new incident, remediated as any other.
        f.clock.advance(seconds: 60)
        let next = try await f.signal("CMO", .error, errorCode: .timeout, lastTaskSucceeded: false)
        #expect(next.incident != nil && next.incident != incident.id)
    }

    /// QA paging L1: the channel that was paged hears the escalation ended, as Alertmanager sends
    /// "resolved"; an escalation that did not page sends nothing when it ends.
    @Test func theChannelThatWasPagedHearsTheEscalationEnded() async throws {
        try await TestAgent.withAgent { hook in
            let f = try HealingFixture {
                $0.remediation.maxAttempts = 1
                $0.notifications.webhookURL = hook.url("/hook")
                $0.agents[1].executor = .command(CommandExecutorSpec(argv: ["/bin/sh", "-c", "cat >/dev/null; echo '{\"ok\":false,\"missing\":[\"API_BASE\"]}'; exit 1"]))
            }
            defer { f.close() }
            let receipt = try await f.signal("CMO", .error, errorCode: .configMissing, missingSecrets: ["API_BASE"])
            #expect(try await f.incident(receipt.incident).status == .escalated)
            for _ in 0..<3 {
                f.clock.advance(seconds: 60)
                _ = try await f.signal("CMO")
            }
            let pages = try await hook.requests.map { try JSONReader.parse($0.body) }.filter { $0["kind"]?.stringValue?.hasPrefix("escalation") == true }
            #expect(pages.map { $0["kind"]?.stringValue } == ["escalation", "escalation.resolved"])
            #expect(pages.first?["severity"] == "critical" && pages.last?["severity"] == "resolved")
            #expect(pages.last?["text"]?.stringValue?.hasSuffix("is closed: CMO recovered before anyone acted.") == true, "\(pages)")
        }
    }
}
