import Testing
@testable import StewardCore

@Suite struct PlainNumberTests {
    @Test func plainDecimalsWithoutExponentOrTrailingZero() {
        #expect(PlainNumber.format(2) == "2")
        #expect(PlainNumber.format(-0.0) == "0")
        #expect(PlainNumber.format(0.1) == "0.1")
        #expect(PlainNumber.format(123.456) == "123.456")
        #expect(PlainNumber.format(1e-5) == "0.00001")
        #expect(PlainNumber.format(-1.25e-7) == "-0.000000125")
        #expect(PlainNumber.format(1.5e16) == "15000000000000000")
        #expect(PlainNumber.format(2.0 / 3) == "0.6666666666666666")
    }

    @Test func roundingToPlaces() {
        #expect(PlainNumber.format(-14.7 / 7, places: 2) == "-2.1")
        #expect(PlainNumber.format(2.345, places: 0) == "2")
        #expect(PlainNumber.format(0.004, places: 2) == "0")
        #expect(PlainNumber.format(1e300, places: 2) == "1" + String(repeating: "0", count: 300))
    }

    @Test func nonFiniteIsEmpty() {
        #expect(PlainNumber.format(.nan) == "")
        #expect(PlainNumber.format(.infinity) == "")
        #expect(PlainNumber.format(-.infinity, places: 2) == "")
    }
}
