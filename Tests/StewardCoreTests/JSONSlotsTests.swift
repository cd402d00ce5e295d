import Testing
import StewardCore

@Suite("Objects read into slots")
struct JSONSlotsTests {
    let names = JSONSlotNames(["id", "name", "count", "a_longer_name", "nested"])

    /// What the slot reader must agree with: the whole document parsed, then sorted into slots.
    func bySlots(_ text: String) throws -> JSONSlots? {
        let bytes = Array(("  \n" + text + " ").utf8)
        return try JSONReader.parseFields(bytes, in: 3..<(bytes.count - 1), names: names)
    }

    func byTree(_ text: String) throws -> JSONSlots? {
        guard case .object(let members) = try JSONReader.parse(text) else { return nil }
        return JSONSlots(members, names: names)
    }

    @Test("slots hold what the parsed object holds", arguments: [
        #"{}"#, #"{"id":"x"}"#, #"{ "id" : "x" , "count" : 3 }"#, #"{"name":"é\u00e9","unknown":[1,{"id":2}],"id":null}"#,
        #"{"nested":{"id":"inner","count":1},"id":"outer"}"#, #"{"id":"first","id":"last"}"#, #"{"other":1,"other":2}"#,
        #"{"\u0069d":"escaped name","na\u006De":"also"}"#, #"{"a_longer_name":1.5e3,"a_longer_nam":1,"a_longer_namex":2}"#,
        #"{"":0,"i":1,"idd":2}"#, #"{"count":-0,"name":"tab\tinside"}"#,
    ])
    func slotsAgreeWithTheTree(text: String) throws {
        let slots = try #require(try bySlots(text))
        let tree = try #require(try byTree(text))
        #expect(slots.values == tree.values)
        #expect(slots.others == tree.others)
    }

    @Test func documentsThatAreNotObjectsGiveNil() throws {
        for text in ["[]", "1", "\"id\"", "null", "[{\"id\":1}]"] { #expect(try bySlots(text) == nil) }
    }

    @Test("malformed documents are refused as the reader refuses them", arguments: [
        #"{"#, #"{"id"}"#, #"{"id":}"#, #"{"id":1,}"#, #"{"id":1} x"#, #"{"id":"\x"}"#, #"{id:1}"#, #"{"id":1"#, #"[1,]"#,
    ])
    func malformedIsRefused(text: String) throws {
        #expect(throws: JSONReadError.self) { try bySlots(text) }
        #expect(throws: JSONReadError.self) { try JSONReader.parse(text) }
    }

    @Test func errorOffsetsCountFromTheStartOfTheRange() throws {
        let bytes = Array(#"{"id":1}{"id":,}"#.utf8)
        #expect(throws: Never.self) { try JSONReader.parseFields(bytes, in: 0..<8, names: names) }
        do {
            _ = try JSONReader.parseFields(bytes, in: 8..<bytes.count, names: names)
            Issue.record("a malformed document was read")
        } catch {
            #expect(error.offset == 6)
        }
    }

    @Test func theExecutionFieldsFollowTheWireNamesInOrder() {
        #expect(SkillExecution.Field.allCases.count == SkillExecution.fieldNames.count)
        for field in SkillExecution.Field.allCases {
            // Each case is its wire name in camel case (operator is a keyword: operatorName).
            let wire = field.name == "operator" ? "operatorname" : String(field.name.filter { $0 != "_" })
            #expect("\(field)".lowercased() == wire, "\(field) is at \(field.name)")
        }
    }
}
