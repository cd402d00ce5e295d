import StewardCore
@testable import StewardServer
import Testing

/// QA optimize F10: routing proposals' decisions take `note`, experiments' take `reason`; each
/// route now reads either, so a script written against one works against the other.
@Suite("One field under two names")
struct FieldAliasTests {
    @Test func eitherNameIsReadAndBothAtOnceAreRefused() throws {
        var viaReason = JSONFields(members: ["reason": "ship it"])
        #expect(viaReason.string("note", or: "reason") == "ship it" && viaReason.problems.isEmpty)
        try viaReason.finish("approval")
        var viaNote = JSONFields(members: ["note": "ship it"])
        #expect(viaNote.string("note", or: "reason") == "ship it")
        try viaNote.finish("approval")
        var both = JSONFields(members: ["note": "a", "reason": "b"])
        _ = both.string("note", or: "reason")
        #expect(both.problems.map(\.field) == ["reason"])
        #expect(throws: Problem.self) { try both.finish("approval") }
    }
}
