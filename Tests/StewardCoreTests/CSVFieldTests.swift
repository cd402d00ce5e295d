import Testing
import StewardCore

/// CSV fields: RFC 4180 quoting, and (QA telemetry F8) text a spreadsheet would run as a formula
/// neutralised in exports meant for review, but never in the ledger's exact export.
@Suite struct CSVFieldTests {
    @Test(arguments: [
        ("plain", "plain"), ("a,b", "\"a,b\""), ("say \"hi\"", "\"say \"\"hi\"\"\""), ("two\nlines", "\"two\nlines\""),
        ("=1+1", "'=1+1"), ("+cmd", "'+cmd"), ("@SUM(1)", "'@SUM(1)"), ("-x", "'-x"), ("\tx", "'\tx"),
        ("=HYPERLINK(\"http://evil\",\"click\")", "\"'=HYPERLINK(\"\"http://evil\"\",\"\"click\"\")\""),
        ("-0.5", "-0.5"), ("+3", "+3"), ("1e-9", "1e-9"), ("a=b", "a=b"),
        ("\"", "\"\"\"\""), ("\"\"", "\"\"\"\"\"\""), ("x\"", "\"x\"\"\""), ("", ""),
    ])
    func fieldsAreQuotedAndFormulasNeutralised(_ field: String, _ expected: String) {
        #expect(CSVField.escape(field) == expected)
    }

    @Test func theLedgersExportKeepsEveryFieldExact() {
        #expect(CSVField.escape("=1+1", neutralizingFormulas: false) == "=1+1")
        #expect(CSVField.escape("@a,b", neutralizingFormulas: false) == "\"@a,b\"")
    }

    @Test func aPayloadsBytesAreQuotedRunByRun() {
        let payload = Array(#"{"a":"x,y","b":"say \"hi\""}"#.utf8)
        var out: [UInt8] = []
        payload.withUnsafeBufferPointer { CSVField.append(bytes: $0, into: &out) }
        #expect(String(decoding: out, as: UTF8.self) == #""{""a"":""x,y"",""b"":""say \""hi\""""}""#)
    }
}
