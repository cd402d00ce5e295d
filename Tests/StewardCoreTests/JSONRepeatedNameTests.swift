import Testing
import StewardCore

/// A member name sent twice in one object (QA F25): a request body refuses it, naming the path;
/// what Steward reads back from its own store or from an executor keeps the last value.
@Suite struct JSONRepeatedNameTests {
    @Test(arguments: [
        (#"{"agent":"Content","agent":"CMO"}"#, "agent"),
        (#"{"params":{"x":1,"y":2,"x":3}}"#, "params.x"),
        (#"[{"a":1},{"b":1,"b":2}]"#, "[1].b"),
        (#"{"candidates":[{"type":"t"},{"type":"t","type":"u"}]}"#, "candidates[1].type"),
    ] as [(String, String)])
    func aRequestBodyNamesTheRepeatedMember(text: String, field: String) {
        #expect(throws: JSONReadError.self) { try JSONReader.parse(text, repeatedNames: .refused) }
        do {
            _ = try JSONReader.parse(text, repeatedNames: .refused)
        } catch {
            #expect(error.field == field)
            #expect(error.reason.contains("more than once"))
        }
    }

    /// An integer past 64 bits could only be kept rounded (…890 read as 1.2345678901234568e+29):
    /// a request refuses it; what Steward reads back keeps reading it as the double it wrote.
    @Test func aRequestsIntegerPast64BitsIsRefusedNotRounded() throws {
        let text = #"{"params":{"n":123456789012345678901234567890}}"#
        #expect(throws: JSONReadError.self) { try JSONReader.parse(text, repeatedNames: .refused) }
        #expect(try JSONReader.parse(#"{"n":9223372036854775807}"#, repeatedNames: .refused)["n"] == .int(Int64.max))
        #expect(try JSONReader.parse(#"{"n":1.5e300}"#, repeatedNames: .refused)["n"] == .double(1.5e300))
        #expect(try JSONReader.parse(#"{"n":100000000000000000000}"#)["n"] == .double(1e20))
    }

    /// QA (spine) LOW-8: two spellings of one name ("é" precomposed, "e" + U+0301) are one name
    /// to Swift's text comparison; the refusal says so instead of calling it sent twice.
    @Test func twoUnicodeSpellingsOfOneNameAreNamedAsSuch() {
        let text = "{\"params\":{\"caf\u{E9}\":1,\"cafe\u{301}\":2}}"
        do {
            _ = try JSONReader.parse(text, repeatedNames: .refused)
            Issue.record("two spellings of one name were read")
        } catch {
            #expect(error.reason.contains("same name in two Unicode spellings"), "\(error.reason)")
            #expect(error.field == "params.cafe\u{301}")
        }
    }

    @Test func storedDocumentsKeepTheLastValue() throws {
        #expect(try JSONReader.parse(#"{"agent":"Content","agent":"CMO"}"#)["agent"] == "CMO")
    }

    @Test func distinctNamesAtDifferentDepthsAreNotRepeats() throws {
        let value = try JSONReader.parse(#"{"a":{"a":1},"b":[{"a":2},{"a":3}]}"#, repeatedNames: .refused)
        #expect(value["a"]?["a"] == 1)
    }

    @Test func aRecordReadIntoSlotsRefusesARepeatedNameToo() throws {
        let names = JSONSlotNames(["agent", "type"])
        let bytes = Array(#"{"agent":"a","other":1,"other":2}"#.utf8)
        #expect(throws: JSONReadError.self) { try JSONReader.parseFields(bytes, in: bytes.indices, names: names, repeatedNames: .refused) }
        let known = Array(#"{"agent":"a","agent":"b"}"#.utf8)
        do {
            _ = try JSONReader.parseFields(known, in: known.indices, names: names, repeatedNames: .refused)
            Issue.record("a repeated known name was read")
        } catch {
            #expect(error.field == "agent")
        }
        #expect(try JSONReader.parseFields(known, in: known.indices, names: names)?.values[0] == "b")
    }
}
