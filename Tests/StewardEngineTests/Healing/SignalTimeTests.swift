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
        #expect(first["signal"]?["ts"]?.stringValue == Timestamp(millisecondsSinceEpoch: now.millisecondsSinceEpoch / 1_000 * 1_000).rfc3339)
        #expect(try JSONReader.parse(received[1].canonicalPayload)["reportedTs"] == nil)
    }

    /// A fast clock's signal counts at the whole second it arrived, so the agent's next real report
    /// of that second, stamped without milliseconds, is not taken for an older one.
    @Test func aRealReportOfTheSameSecondIsNotOlderThanAClampedOne() async throws {
        let f = try HealingFixture()
        defer { f.close() }
        f.clock.advance(seconds: 0.244)
        let now = f.clock.now()
        let second = Timestamp(millisecondsSinceEpoch: now.millisecondsSinceEpoch / 1_000 * 1_000)
        #expect(second < now)
        let ahead = try await f.healing.intake.ingest([signal("CMO", .error, errorCode: .timeout, ts: now.adding(seconds: 200))], tenant: "default", actor: "key:test")
        #expect(ahead[0].applied)
        let real = try await f.healing.intake.ingest([signal("CMO", .healthy, ts: second)], tenant: "default", actor: "key:test")
        #expect(real[0].applied)
    }
}
