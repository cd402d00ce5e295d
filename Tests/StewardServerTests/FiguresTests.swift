import Testing
@testable import StewardServer

@Suite("Figures on pages")
struct FiguresTests {
    @Test func numbersAreWrittenLikeStringFormatWouldWriteThem() {
        #expect(Figures.percent(0.973) == "97.3%")
        #expect(Figures.percent(1) == "100.0%")
        #expect(Figures.percent(0) == "0.0%")
        #expect(Figures.fixed(0.5921, decimals: 2) == "0.59")
        #expect(Figures.fixed(1.005, decimals: 0) == "1")
        #expect(Figures.fixed(2.5, decimals: 0) == "3")
        #expect(Figures.fixed(0.05, decimals: 2) == "0.05")
        #expect(Figures.fixed(-1.25, decimals: 1) == "-1.3")
        #expect(Figures.fixed(-0.001, decimals: 1) == "0.0")
        #expect(Figures.fixed(12.3456, decimals: 3) == "12.346")
        #expect(Figures.fixed(.nan, decimals: 1) == "–")
    }

    @Test func elementIDsKeepLettersAndDigitsAndSpellTheRest() {
        #expect(PageController.elementID("CRO") == "agent-CRO")
        #expect(PageController.elementID("a b<é>") == "agent-a_32_b_60__233__62_")
    }
}
