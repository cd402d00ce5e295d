import StewardCore
import StewardEngine
import StewardTestSupport
import Testing

/// A signal's `ts` within the allowed skew ahead of the server's clock counts as the time it
/// arrived, so one signal from a fast clock cannot hide the agent's later, real reports.
@Suite struct SignalTimeTests {
    func signal(_ agent: String, _ status: SignalStatus, errorCode: SignalErrorCode? = nil, ts: Timestamp) -> StatusSignal {
        StatusSignal(
            agent: agent, status: status, lastReport: "test", metrics: SignalMetrics(successRate: 0.6, alignment: 0.9, backlogAgeMinutes: 3),
            context: SignalContext(errorCode: errorCode), ts: ts)
    }

    @Test func aFutureDatedSignalDoesNotMaskTheAgentsLaterErrors() async throws {
        let f = try HealingFixture()
        defer { f.close() }
        let now = f.clock.now()
        let ahead = try await f.healing.intake.ingest([signal("CMO", .healthy, ts: now.adding(seconds: 290))], tenant: "default", actor: "key:test")
        #expect(ahead[0].applied)
        f.clock.advance(seconds: 5)
        // A real error measured now, before the ts the fast clock gave the healthy signal.
        let error = try await f.healing.intake.ingest(
            [signal("CMO", .error, errorCode: .timeout, ts: f.clock.now())], tenant: "default", actor: "key:test")
        #expect(error[0].applied && error[0].problem)
        #expect(error[0].incident != nil && error[0].state != .healthy)
        // The ledger keeps what the agent reported beside the time that counted.
        let received = try await f.entries(kind: "signal.received")
        let first = try JSONReader.parse(received[0].canonicalPayload)
        #expect(first["reportedTs"]?.stringValue == now.adding(seconds: 290).rfc3339)
        #expect(first["signal"]?["ts"]?.stringValue == now.rfc3339)
        #expect(try JSONReader.parse(received[1].canonicalPayload)["reportedTs"] == nil)
    }

    /// A fast clock's reports count at the time each arrived, so several a second stay several:
    /// rounded down to the second they would read as one report sent again.
    @Test func aFastClocksReportsOfOneSecondStayDistinct() async throws {
        let f = try HealingFixture()
        defer { f.close() }
        f.clock.advance(seconds: 0.244)
        let first = try await f.healing.intake.ingest([signal("CMO", .healthy, ts: f.clock.now().adding(seconds: 2))], tenant: "default", actor: "key:test")
        f.clock.advance(seconds: 0.1)
        let second = try await f.healing.intake.ingest([signal("CMO", .healthy, ts: f.clock.now().adding(seconds: 2.1))], tenant: "default", actor: "key:test")
        #expect(first[0].applied && second[0].applied)
    }
}
