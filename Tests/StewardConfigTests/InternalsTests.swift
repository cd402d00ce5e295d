@testable import StewardConfig
import StewardCore
import StewardExpr
import Testing

@Suite("Names, suggestions and degrade modes")
struct InternalsTests {
    @Test("Source names become FRESHNESS_ variables as seed 000 spells them", arguments: [
        ("MarketIntel", "FRESHNESS_MARKET_INTEL"), ("ContentBriefs", "FRESHNESS_CONTENT_BRIEFS"),
        ("SalesPipeline", "FRESHNESS_SALES_PIPELINE"), ("PartnerFeeds", "FRESHNESS_PARTNER_FEEDS"),
        ("CRMData", "FRESHNESS_CRM_DATA"), ("partner-feeds", "FRESHNESS_PARTNER_FEEDS"), ("GA4Events", "FRESHNESS_GA4_EVENTS"),
        ("web.v2", "FRESHNESS_WEB_V2"), ("X", "FRESHNESS_X"),
    ])
    func freshnessName(_ source: String, _ variable: String) {
        #expect(EnvironmentName.freshness(ofSource: source) == variable)
    }

    @Test("Edit distance counts a swap of neighbours as one", arguments: [
        ("maxAtempts", "maxAttempts", 1), ("ATTEMTPS", "ATTEMPTS", 1), ("port", "port", 0), ("", "abc", 3),
        ("kitten", "sitting", 3), ("prot", "port", 1),
    ])
    func distance(_ a: String, _ b: String, _ expected: Int) {
        #expect(Suggestion.editDistance(a, b) == expected)
    }

    @Test("Suggestions only when close", arguments: [
        ("revenue", ["Revenue", "Marketing"], "Revenue"), ("Revnue", ["Revenue", "Content"], "Revenue"),
        ("xyz", ["host", "port"], nil), ("mx", ["min", "max"], "max"), ("AUTOREM_SLO_ALIGNMENT", ["AUTOREM_SLO_ALIGN"], "AUTOREM_SLO_ALIGN"),
    ] as [(String, [String], String?)])
    func suggestion(_ word: String, _ candidates: [String], _ expected: String?) {
        #expect(Suggestion.closest(to: word, among: candidates) == expected)
    }

    @Test("Degrade modes parse into typed values", arguments: [
        ("ReducedScope", DegradeMode.reducedScope), ("UseLastKnownGood<=6h", .useLastKnownGood(maxAgeSeconds: 21_600)),
        ("UseLastKnownGood<=30m", .useLastKnownGood(maxAgeSeconds: 1_800)), ("UseLastKnownGood<=2d", .useLastKnownGood(maxAgeSeconds: 172_800)),
        ("UseLastKnownGood<=45s", .useLastKnownGood(maxAgeSeconds: 45)),
    ] as [(String, DegradeMode)])
    func degradeMode(_ text: String, _ mode: DegradeMode) {
        #expect(DegradeMode(parsing: text) == mode)
        #expect(DegradeMode(parsing: mode.description) == mode)
    }

    @Test("Malformed degrade modes are refused", arguments: [
        "", "reducedscope", "UseLastKnownGood", "UseLastKnownGood<=", "UseLastKnownGood<=6", "UseLastKnownGood<=0h",
        "UseLastKnownGood<=-1h", "UseLastKnownGood<=6w", "UseLastKnownGood<6h", "UseLastKnownGood<=400d", " ReducedScope",
    ])
    func badDegradeMode(_ text: String) {
        #expect(DegradeMode(parsing: text) == nil)
    }

    @Test("Degrade modes print with the largest exact unit")
    func degradeSpelling() {
        #expect(DegradeMode.useLastKnownGood(maxAgeSeconds: 21_600).description == "UseLastKnownGood<=6h")
        #expect(DegradeMode.useLastKnownGood(maxAgeSeconds: 5_400).description == "UseLastKnownGood<=90m")
        #expect(DegradeMode.useLastKnownGood(maxAgeSeconds: 86_400).description == "UseLastKnownGood<=1d")
    }
}
