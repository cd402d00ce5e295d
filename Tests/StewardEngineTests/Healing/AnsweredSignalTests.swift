import StewardCore
import StewardEngine
import StewardTestSupport
import Testing

/// A step answered with `{"signal": {...}}`: only a usable signal (valid, of the incident's agent,
/// measured during the attempt and recently) judges the attempt; it then counts as the agent's
/// newest signal; an unusable one is noted on its step.
@Suite struct AnsweredSignalTests {
    /// A command executor for CMO that answers every step with `signal`.
    private func fixture(answering signal: String) throws -> HealingFixture {
        try HealingFixture {
            $0.agents[1].executor = .command(CommandExecutorSpec(argv: ["/bin/sh", "-c", "cat >/dev/null; echo '{\"succeeded\":true,\"signal\":\(signal)}'"]))
        }
    }

    private func healthy(agent: String = "CMO", ts: String) -> String {
        #"{"agent":"\#(agent)","status":"healthy","metrics":{"successRate":0.98,"alignment":0.97,"backlogAgeMinutes":1},"context":{"lastTaskSucceeded":true},"ts":"\#(ts)"}"#
    }

    @Test func anHourOldAnswerDoesNotJudgeTheAttempt() async throws {
        // The test clock reads 2026-01-01T00:00:00Z: this signal was measured an hour before the incident.
        let f = try fixture(answering: healthy(ts: "2025-12-31T23:00:00Z"))
        defer { f.close() }
        let receipt = try await f.signal("CMO", .error, errorCode: .timeout)
        let incident = try await f.incident(receipt.incident)
        #expect(incident.status == .verifying, "an old report must not pass the fix")
        #expect(incident.attempts[0].verification == nil)
        let details = incident.attempts[0].steps.map(\.detail)
        #expect(details.allSatisfy { $0.contains("the answer's signal was ignored") && $0.contains("before the attempt started") }, "\(details)")
        #expect(try await f.remediator.agent("CMO", tenant: "default")?.lastSignal?.status == .error)
    }

    @Test func aUsableAnswerIsTheAgentsNewestSignalAndIsInTheLedger() async throws {
        let f = try fixture(answering: healthy(ts: "2026-01-01T00:00:00Z"))
        defer { f.close() }
        let receipt = try await f.signal("CMO", .error, errorCode: .timeout)
        let incident = try await f.incident(receipt.incident)
        #expect(incident.status == .resolved)
        let view = try #require(try await f.remediator.agent("CMO", tenant: "default"))
        #expect(view.state == .healthy, "the agent must not stay Degraded after its answer healed it")
        #expect(view.incident == nil && view.lastSignal?.status == .healthy && view.signals == 2)
        #expect(try await f.remediator.agents(tenant: "default", state: .degraded, after: nil, limit: 10).items.isEmpty)
        let received = try await f.entries(kind: "signal.received")
        #expect(received.count == 2)
        let answered = try JSONReader.parse(received[1].canonicalPayload)
        #expect(answered["applied"] == true && answered["problem"] == false)
        #expect(answered["answering"]?.stringValue == incident.attempts[0].steps.last?.action)
    }

    @Test func anotherAgentsSignalIsIgnoredAndTheStepSaysWhy() async throws {
        let f = try fixture(answering: healthy(agent: "CRO", ts: "2026-01-01T00:00:00Z"))
        defer { f.close() }
        let receipt = try await f.signal("CMO", .error, errorCode: .timeout)
        let incident = try await f.incident(receipt.incident)
        #expect(incident.status == .verifying)
        let steps = incident.attempts[0].steps
        #expect(steps.allSatisfy { $0.detail.contains("names agent CRO, not CMO") }, "\(steps.map(\.detail))")
        // CRO was not touched by CMO's answer: declared, it still awaits its first signal.
        let cro = try await f.remediator.agent("CRO", tenant: "default")
        #expect(cro?.state == .unknown && cro?.signals == 0)
    }

    @Test func anInvalidSignalIsIgnoredAndTheStepSaysWhy() async throws {
        let f = try fixture(answering: #"{"agent":"CMO","status":"weird"}"#)
        defer { f.close() }
        let receipt = try await f.signal("CMO", .error, errorCode: .timeout)
        let incident = try await f.incident(receipt.incident)
        #expect(incident.status == .verifying)
        let detail = try #require(incident.attempts[0].steps.first?.detail)
        #expect(detail.contains("the answer's signal was ignored") && detail.contains("status"), "\(detail)")
    }
}
