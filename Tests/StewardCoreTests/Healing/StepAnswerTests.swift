import StewardCore
import Testing

/// Which answered signals may judge an attempt: the rules of a received signal, plus "measured
/// during the attempt".
@Suite struct StepAnswerTests {
    let start = Timestamp(millisecondsSinceEpoch: 1_767_225_600_000)

    private func answer(agent: String = "CMO", ts: Timestamp, status: String = "healthy") -> JSONValue {
        ["signal": [
            "agent": .string(agent), "status": .string(status), "ts": .string(ts.rfc3339),
            "metrics": ["successRate": 0.9, "alignment": 0.9, "backlogAgeMinutes": 1],
        ]]
    }

    private func read(_ response: JSONValue?, now: Timestamp) -> StepAnswer {
        StepAnswer.read(response, agent: "CMO", attemptStartedAt: start, now: now, signals: .default)
    }

    @Test func aSignalMeasuredDuringTheAttemptIsUsable() {
        let now = start.adding(seconds: 30)
        #expect(read(answer(ts: start.adding(seconds: 10)), now: now).signal?.ts == start.adding(seconds: 10))
        // A ts ahead of the clock within the skew counts as now, as at the intake.
        #expect(read(answer(ts: now.adding(seconds: 100)), now: now).signal?.ts == now)
        #expect(read(["succeeded": true], now: now) == .none)
        #expect(read(nil, now: now) == .none)
    }

    @Test func aSignalFromBeforeTheAttemptIsIgnored() throws {
        let why = try #require(read(answer(ts: start.adding(seconds: -1)), now: start.adding(seconds: 5)).ignoredBecause)
        #expect(why.contains("before the attempt started"))
    }

    @Test func aSignalOlderThanMaxAgeIsIgnoredEvenWithinTheAttempt() throws {
        let why = try #require(read(answer(ts: start.adding(seconds: 10)), now: start.adding(seconds: 311)).ignoredBecause)
        #expect(why.contains("301 s ago") && why.contains("maxAgeSeconds"))
    }

    @Test func anotherAgentsOrAnInvalidSignalIsIgnoredSayingWhy() throws {
        let now = start.adding(seconds: 5)
        let other = try #require(read(answer(agent: "CRO", ts: now), now: now).ignoredBecause)
        #expect(other.contains("names agent CRO"))
        let invalid = try #require(read(answer(ts: now, status: "weird"), now: now).ignoredBecause)
        #expect(invalid.contains("status"))
    }
}
