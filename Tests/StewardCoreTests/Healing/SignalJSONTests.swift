import Foundation
import StewardCore
import Testing

/// The direct JSON of signals and agent rows must be exactly what their `Encodable` conformance
/// writes: Foundation's JSONEncoder (which knows nothing of the shortcut) is the reference.
@Suite struct SignalJSONTests {
    func reference(_ value: some Encodable) throws -> [UInt8] {
        try CanonicalJSON.encode(JSONReader.parse(Array(JSONEncoder().encode(value))))
    }

    func signals() -> [StatusSignal] {
        let ts = Timestamp(millisecondsSinceEpoch: 1_767_225_600_123)
        return [
            StatusSignal(agent: "CRO", status: .healthy, ts: ts),
            StatusSignal(
                agent: "CMO", status: .error, lastReport: "quote \" and \\ and ünïcode",
                metrics: SignalMetrics(successRate: 0.5, alignment: 1, backlogAgeMinutes: 12.25, costBurnRatePerHour: 3),
                context: SignalContext(
                    directiveId: "d-1", conflictId: "c-2", errorCode: .rateLimit, queueDepth: 7, dependencies: ["MarketIntel", "CRM"],
                    missingSecrets: ["TOKEN"], lastTaskSucceeded: false, inputsValid: true, configHealthy: false),
                ts: ts.adding(seconds: 90)),
        ]
    }

    @Test func directJSONMatchesEncodable() throws {
        for signal in signals() {
            #expect(try CanonicalJSON.encode(signal.jsonValue) == (try reference(signal)))
            #expect(try CanonicalJSON.encode(JSONValueEncoder.encode(signal)) == (try reference(signal)))
        }
        var agent = AgentRecord(name: "CMO", tenant: "default", domain: .marketing, autoRegistered: true)
        #expect(try CanonicalJSON.encode(agent.jsonValue) == (try reference(agent)))
        for signal in signals() {
            _ = agent.observe(signal, problem: signal.status != .healthy, receivedAt: signal.ts)
            agent.countStreak(problem: signal.status != .healthy)
        }
        agent.incident = "inc_1"
        agent.state = .recovering
        #expect(!agent.recentFailures.isEmpty)
        #expect(try CanonicalJSON.encode(agent.jsonValue) == (try reference(agent)))
        // And back: the row decodes to the same record.
        #expect(try JSONValueDecoder.decode(AgentRecord.self, from: agent.jsonValue) == agent)
    }
}
