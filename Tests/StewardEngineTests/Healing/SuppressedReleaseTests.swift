import StewardCore
@testable import StewardEngine
import StewardTestSupport
import Testing

/// A suppressed incident whose source's incident closed is released by the periodic round once
/// the problem outlives it: no new problem signal is needed (the agent may have stopped reporting).
@Suite struct SuppressedReleaseTests {
    /// One playbook for DATA_DEP, one attempt: CMO's incident goes to a person at once, and with
    /// nothing left to try, an option closes it.
    func fixture() throws -> HealingFixture {
        try HealingFixture {
            $0.remediation.maxAttempts = 1
            $0.remediation.verifyTimeoutSeconds = 60
            $0.playbooks.removeAll { $0.name == "FreshnessFirstRetry" }
        }
    }

    /// A minute on, CMO's incident is with a person, who closes it; the escalation.
    func closeTheSourceIncident(_ f: HealingFixture) async throws -> Escalation {
        await f.pass(seconds: 61)
        let escalation = try #require(try await f.remediator.escalations(tenant: "default", status: "open", limit: 10).first)
        let closing = try #require(escalation.recommendedOptions.first { $0.playbook == nil && !$0.reduceScope })
        _ = try await f.remediator.resolveEscalation(escalation.id, tenant: "default", option: closing.name, by: "key:ops", note: nil)
        return escalation
    }

    @Test func theRoundReleasesADependentWhoseSourceIncidentWasResolved() async throws {
        let f = try fixture()
        defer { f.close() }
        let source = try await f.signal("CMO", .error, errorCode: .inputMissing, dependencies: ["MarketIntel"])
        let dependent = try await f.signal("Content", .error, errorCode: .timeout)
        var incident = try await f.incident(dependent.incident)
        #expect(incident.status == .suppressed && incident.suppressedBy == source.incident)

        #expect(try await closeTheSourceIncident(f).incident == source.incident)
        #expect(try await f.incident(source.incident).status == .resolved)

        // Content gets the grace period to recover with its source; it says nothing.
        await f.pass(seconds: 30)
        #expect(try await f.incident(dependent.incident).status == .suppressed)
        await f.pass(seconds: 31)
        incident = try await f.incident(dependent.incident)
        #expect(incident.suppressedBy == nil && incident.releasedFrom == source.incident, "the suppression is kept in its history")
        #expect(incident.attempts.count == 1 && [.remediating, .verifying].contains(incident.status))
        #expect(try await f.remediator.agent("Content", tenant: "default")?.state == .recovering)
        let released = try await f.entries(kind: "incident.released")
        #expect(released.count == 1)
        #expect(try JSONReader.parse(released[0].canonicalPayload)["suppressedBy"]?.stringValue == source.incident)
    }

    /// QA healing F10: a dependent classified DATA_DEP only because its source was failing is
    /// classified again when released, so it is not given data repairs for a source that is fine.
    @Test func aReleasedDependentIsClassifiedAgainOnItsNewestSignal() async throws {
        let f = try fixture()
        defer { f.close() }
        let source = try await f.signal("CMO", .error, errorCode: .inputMissing, dependencies: ["MarketIntel"])
        let dependent = try await f.signal("Content", .error, errorCode: .other)
        var incident = try await f.incident(dependent.incident)
        #expect(incident.status == .suppressed && incident.classification == .dataDependency && incident.rule == "data-dependency")
        _ = try await closeTheSourceIncident(f)
        await f.pass(seconds: 61)
        incident = try await f.incident(dependent.incident)
        #expect(incident.releasedFrom == source.incident && incident.classification == .transient && incident.rule == "error-fallback")
        #expect(incident.attempts.first.map { f.remediator.rules.playbooks(for: .transient).map(\.name).contains($0.playbook) } == true)
        let entries = try await f.entries(kind: "incident.reclassified")
        #expect(try entries.map { try JSONReader.parse($0.canonicalPayload)["to"] } == ["TRANSIENT"])
    }

    @Test func aDependentStaysSuppressedWhileItsSourceIncidentIsOpen() async throws {
        let f = try HealingFixture { $0.remediation.verifyTimeoutSeconds = 600 }
        defer { f.close() }
        _ = try await f.signal("CMO", .error, errorCode: .inputMissing, dependencies: ["MarketIntel"])
        let dependent = try await f.signal("Content", .error, errorCode: .timeout)
        await f.pass(seconds: 300)
        #expect(try await f.incident(dependent.incident).status == .suppressed)
        #expect(try await f.entries(kind: "incident.released").isEmpty)
    }
}
