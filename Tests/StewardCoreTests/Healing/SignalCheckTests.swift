import Testing
@testable import StewardCore

@Suite struct SignalCheckTests {
    let now = Timestamp(rfc3339: "2026-11-22T10:00:00Z") ?? Timestamp(millisecondsSinceEpoch: 0)

    func read(_ text: String) -> Result<StatusSignal, SignalProblems> {
        SignalCheck.read((try? JSONReader.parse(text)) ?? .null, now: now, maxFutureSkewSeconds: 300, maxAgeSeconds: 300)
    }

    func fields(_ text: String) -> [String] {
        if case .failure(let p) = read(text) { return p.problems.map(\.field) }
        return []
    }

    @Test func readsTheSeedSchema() throws {
        let signal = try read("""
            {"agent":"CMO","status":"error","lastReport":"timeout calling API","metrics":{"successRate":0.8,"alignment":0.9,
            "backlogAgeMinutes":4,"costBurnRatePerHour":1.5},"context":{"directiveId":"D1","errorCode":"TIMEOUT","queueDepth":3,
            "dependencies":["MarketIntel","Content"]},"ts":"2026-11-22T09:59:00Z"}
            """).get()
        #expect(signal.agent == "CMO" && signal.status == .error)
        #expect(signal.context.errorCode == .timeout && signal.context.dependencies == ["MarketIntel", "Content"])
        #expect(signal.metrics.costBurnRatePerHour == 1.5)
        #expect(signal.ts == Timestamp(rfc3339: "2026-11-22T09:59:00Z"))
    }

    @Test(arguments: [
        (#"{"status":"healthy","metrics":{"successRate":1,"alignment":1,"backlogAgeMinutes":0},"ts":"2026-11-22T10:00:00Z"}"#, ["agent"]),
        (#"{"agent":"A","status":"fine","metrics":{"successRate":1,"alignment":1,"backlogAgeMinutes":0},"ts":"2026-11-22T10:00:00Z"}"#, ["status"]),
        (#"{"agent":"A","status":"healthy","metrics":{"successRate":1.2,"alignment":-1,"backlogAgeMinutes":0},"ts":"2026-11-22T10:00:00Z"}"#,
         ["metrics.successRate", "metrics.alignment"]),
        (#"{"agent":"A","status":"healthy","metrics":{"successRate":1,"alignment":1,"backlogAgeMinutes":0},"context":{"errorCode":"BOOM"},"ts":"2026-11-22T10:00:00Z"}"#,
         ["context.errorCode"]),
        (#"{"agent":"A","status":"healthy","metrics":{"successRate":1,"alignment":1,"backlogAgeMinutes":0},"ts":"2026-11-22T10:06:00Z"}"#, ["ts"]),
        (#"{"agent":"A","status":"healthy","metrics":{"successRate":1,"alignment":1,"backlogAgeMinutes":0},"ts":"yesterday"}"#, ["ts"]),
        (#"{"agent":"A","status":"healthy","ts":"2026-11-22T10:00:00Z","extra":1}"#, ["extra", "metrics"]),
        (#"{"agent":"A","status":"healthy","metrics":{"successRate":1,"alignment":1,"backlogAgeMinutes":0},"context":{"queueDepth":-1,"dependencies":[1]},"ts":"2026-11-22T10:00:00Z"}"#,
         ["context.queueDepth", "context.dependencies[0]"]),
        (#"{"agent":"A","status":"error","metrics":{"successRate":1,"alignment":1,"backlogAgeMinutes":0},"ts":"2020-01-01T00:00:00Z"}"#, ["ts"]),
        (#"{"agent":"a b/c","status":"healthy","metrics":{"successRate":1,"alignment":1,"backlogAgeMinutes":0},"ts":"2026-11-22T10:00:00Z"}"#, ["agent"]),
        (#"{"agent":"<script>","status":"healthy","metrics":{"successRate":1,"alignment":1,"backlogAgeMinutes":0},"ts":"2026-11-22T10:00:00Z"}"#, ["agent"]),
    ])
    func namesEveryOffendingField(json: String, expected: [String]) {
        #expect(fields(json) == expected)
    }

    @Test func anUnknownNestedFieldIsNamedAsAFieldOfItsObject() {
        let json = #"{"agent":"A","status":"healthy","metrics":{"successRate":1,"alignment":1,"backlogAgeMinutes":0,"foo":1},"ts":"2026-11-22T10:00:00Z"}"#
        guard case .failure(let refused) = read(json) else { Issue.record("accepted"); return }
        #expect(refused.problems.map(\.field) == ["metrics.foo"])
        #expect(refused.problems.first?.reason.hasPrefix("is not a field of a status signal's metrics (expected one of alignment") == true,
                "\(refused.problems)")
    }

    @Test func aMisspeltFieldGetsTheClosestName() {
        let json = #"{"agent":"A","status":"healthy","metrics":{"successRate":1,"alignment":1,"backlogAgeMinutes":0,"sucessRate":1},"ts":"2026-11-22T10:00:00Z"}"#
        guard case .failure(let refused) = read(json) else { Issue.record("accepted"); return }
        #expect(refused.problems.first?.reason.hasSuffix("; did you mean 'successRate'?") == true, "\(refused.problems)")
    }

    @Test func skewWithinTheLimitIsAccepted() throws {
        let signal = try read(#"{"agent":"A","status":"healthy","metrics":{"successRate":1,"alignment":1,"backlogAgeMinutes":0},"ts":"2026-11-22T10:04:59Z"}"#).get()
        #expect(signal.agent == "A")
    }

    /// One rule for `ts`: at most `maxFutureSkewSeconds` ahead and `maxAgeSeconds` behind the
    /// server's clock; the refusal names the limit.
    @Test func aSignalOlderThanTheAgeLimitIsRefusedNamingTheLimit() throws {
        func signal(_ ts: String) -> String {
            #"{"agent":"A","status":"error","metrics":{"successRate":1,"alignment":1,"backlogAgeMinutes":0},"ts":""# + ts + #""}"#
        }
        #expect(throws: Never.self) { try read(signal("2026-11-22T09:55:00Z")).get() }
        guard case .failure(let refused) = read(signal("2026-11-22T09:54:59Z")) else {
            Issue.record("a signal 301 s old was accepted")
            return
        }
        #expect(refused.problems.map(\.field) == ["ts"])
        #expect(refused.problems[0].reason.contains("301 s in the past") && refused.problems[0].reason.contains("maxAgeSeconds"))
    }

    @Test func batchProblemsArePrefixedByTheirIndex() {
        #expect(FieldProblem(field: "metrics.alignment", reason: "x").inElement(3).field == "[3].metrics.alignment")
    }

    @Test func aProblemIsAnyNonHealthyStatusErrorConflictOrBacklogBeyondTheSLO() {
        let slo = RemediationSettings.default.slo
        let ts = now
        #expect(!StatusSignal(agent: "A", status: .healthy, ts: ts).reportsProblem(slo: slo))
        #expect(StatusSignal(agent: "A", status: .degraded, ts: ts).reportsProblem(slo: slo))
        #expect(StatusSignal(agent: "A", status: .healthy, context: .init(conflictId: "c"), ts: ts).reportsProblem(slo: slo))
        #expect(StatusSignal(agent: "A", status: .healthy, metrics: .init(backlogAgeMinutes: 16), ts: ts).reportsProblem(slo: slo))
        #expect(!StatusSignal(agent: "A", status: .healthy, metrics: .init(backlogAgeMinutes: 15), ts: ts).reportsProblem(slo: slo))
    }
}
