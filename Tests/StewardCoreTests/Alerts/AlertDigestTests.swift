import Testing
import StewardCore

/// The daily digest: alerts of the period grouped by cause, critical first, in JSON and Markdown.
@Suite struct AlertDigestTests {
    static let t0 = Timestamp(millisecondsSinceEpoch: 1_772_366_400_000)

    static func record(_ rule: AlertRule, skill: String, _ outcome: AlertGroup.Outcome, at offset: Int64) -> AlertRecord {
        AlertRecord(Alert(rule: rule, tenant: "t", skill: skill, summary: "\(rule.id) \(offset)", at: t0.adding(milliseconds: offset)), outcome: outcome, repeats: 0, silence: nil)
    }

    static let records = [
        record(.latency, skill: "s1", .digest, at: 10),
        record(.fingerprintMismatch, skill: "s2", .paged, at: 20),
        record(.fingerprintMismatch, skill: "s2", .folded, at: 30),
        record(.fingerprintMismatch, skill: "s2", .silenced, at: 40),
        record(.latency, skill: "s1", .digest, at: -1),  // before the period
    ]

    @Test func groupsCountsAndOrder() {
        let digest = AlertDigest.of(Self.records, tenant: "t", from: Self.t0, to: Self.t0.adding(milliseconds: 86_400_000))
        #expect(digest.lines.map(\.rule) == ["fingerprint-mismatch", "latency"])
        let first = digest.lines[0]
        #expect((first.count, first.paged, first.folded, first.silenced) == (3, 1, 1, 1))
        #expect(first.lastSummary == "fingerprint-mismatch 40")
        #expect(digest.lines[1].count == 1)
        #expect((digest.critical, digest.warning) == (3, 1))
        #expect(digest.json["totals"]?["groups"] == 2)
    }

    @Test func markdownHasATableRowPerGroup() {
        let digest = AlertDigest.of(Self.records, tenant: "t", from: Self.t0, to: Self.t0.adding(milliseconds: 86_400_000))
        let lines = digest.markdown.split(separator: "\n")
        #expect(lines[0] == "# Steward alert digest — t")
        #expect(lines.filter { $0.hasPrefix("| critical | Fingerprint mismatch | s2 | 3 | 1 | 1 | 1 |") }.count == 1)
        #expect(lines.filter { $0.hasPrefix("| warning | Latency p95 >2x baseline | s1 | 1 |") }.count == 1)
    }

    @Test func emptyPeriodSaysSo() {
        let digest = AlertDigest.of([], tenant: "t", from: Self.t0, to: Self.t0.adding(milliseconds: 1))
        #expect(digest.markdown.hasSuffix("No alerts in this period.\n"))
    }
}
