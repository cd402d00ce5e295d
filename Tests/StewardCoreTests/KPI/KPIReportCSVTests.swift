import Testing
@testable import StewardCore

@Suite struct KPIReportCSVTests {
    static let t0 = Timestamp(millisecondsSinceEpoch: 1_793_577_600_000)
    static let week = KPIWindow(from: t0, to: t0.adding(milliseconds: 7 * 86_400_000))

    @Test func exactTextOfASmallReport() {
        let report = KPIReport.compute(
            window: Self.week,
            incidents: [
                IncidentSummary(
                    id: "i1", agent: "CMO", classification: "TRANSIENT", openedAt: Self.t0.adding(seconds: 3600),
                    closedAt: Self.t0.adding(seconds: 3840), outcome: .autoResolved, attempts: 1, costUsd: 0.02,
                    playbook: "RestartAndRetryTransient", chosenByBandit: true, defaultPlaybook: "RestartAndRetryTransient"),
            ],
            signals: [SignalSample(agent: "CMO", ts: Self.t0, alignment: 0.96, directiveId: "d-1")],
            allocations: [AllocationSample(agent: "CMO", ts: Self.t0, slots: 4, slotsInUse: 3)],
            alignmentTarget: 0.96)
        let expected = [
            "metric,class,value",
            "window.from,,2026-11-02T00:00:00.000Z",
            "window.to,,2026-11-09T00:00:00.000Z",
            "incidents,,1",
            "autoResolveRate,,1",
            "mttrMinutesByClass,TRANSIENT,4",
            "conflictHalfLifeMinutes,,",
            "escalationsPerWeek,,0",
            "costPerAutoResolvedIncidentUsd,,0.02",
            "alignment.mean,,0.96",
            "alignment.target,,0.96",
            "alignment.held,,true",
            "alignment.driftFromTarget,,0",
            "directivesPerHourByAgent,CMO,0.005952380952380952",
            "autoscalingEfficiency,,0.75",
            "staleData.incidents,,0",
            "staleData.meanTimeToFreshnessMinutes,,",
            "banditLift.banditMttrMinutes,,4",
            "banditLift.defaultMttrMinutes,,",
            "banditLift.lift,,",
            "hitlRate,,0",
            "signals.counted,,1",
            "signals.complete,,true",
        ].map { $0 + "\r\n" }.joined()
        #expect(report.csv() == expected)
    }

    @Test func emptyMapsStillGetARowEach() {
        let csv = KPIReport.compute(window: Self.week, incidents: [], signals: [], allocations: [], alignmentTarget: 0.95).csv()
        #expect(csv.contains("\r\nmttrMinutesByClass,,\r\n"))
        #expect(csv.contains("\r\ndirectivesPerHourByAgent,,\r\n"))
        #expect(csv.contains("\r\nalignment.held,,\r\n"))
        #expect(csv.contains("\r\nalignment.target,,0.95\r\n"))
    }

    @Test func fieldsThatNeedItAreQuoted() {
        let report = KPIReport(
            window: Self.week, incidents: 0, autoResolveRate: nil,
            mttrMinutesByClass: ["CAP,\"X\"": 4, "PLAIN": 1e-5], conflictHalfLifeMinutes: nil, escalationsPerWeek: nil,
            costPerAutoResolvedIncidentUsd: nil, alignment: AlignmentKPI(mean: nil, target: 0.95, held: nil, driftFromTarget: nil),
            directivesPerHourByAgent: ["ops\nbot": 0.5, "a\rb": 2, "quiet": 0], autoscalingEfficiency: nil,
            staleData: StaleDataKPI(incidents: 0, meanTimeToFreshnessMinutes: nil),
            banditLift: BanditLiftKPI(banditMttrMinutes: nil, defaultMttrMinutes: nil, lift: nil), hitlRate: nil)
        let csv = report.csv()
        // Sorted by class; a quote doubles inside a quoted field; line breaks stay, quoted.
        #expect(csv.contains("\r\nmttrMinutesByClass,\"CAP,\"\"X\"\"\",4\r\nmttrMinutesByClass,PLAIN,0.00001\r\n"))
        #expect(csv.contains("\r\ndirectivesPerHourByAgent,\"a\rb\",2\r\ndirectivesPerHourByAgent,\"ops\nbot\",0.5\r\n"))
        #expect(csv.contains("\r\ndirectivesPerHourByAgent,quiet,0\r\n"))
    }
}
