import Testing
@testable import StewardExpr

@Suite("Checker: names, types and result types, all reported before anything runs")
struct CheckerTests {
    static let site: [String: ExprType] = [
        "errorRate": .double, "window": .duration, "action": .object, "account": .map(.string, .string),
        "tenant": .string, "metrics": .map(.string, .double), "context": .dyn, "attempts": .int,
        "action.type": .string, "tags": .list(.string),
    ]

    static let acceptedCases: [String] = [
        "errorRate > 0.05",
        "errorRate > 1",
        "attempts >= 3u",
        "action.type in ['send_email', 'contact_customer'] && account.mode != 'autopilot'",
        "metrics.backlogAgeMinutes <= 15.0",
        "context.anything.goes == 1",
        "window > duration('5m')",
        "tags.exists(t, t.startsWith('prod'))",
        "has(action.risk) && action.risk == 'high'",
        "dyn(attempts) == 1.0",
        "[1, 'two'].size() == 2",
        "size(account) > 0",
    ]

    @Test("well-typed rules compile", arguments: acceptedCases)
    func accepted(source: String) {
        #expect(compileErrors(source, types: Self.site, expecting: .bool).isEmpty)
    }

    static let rejectedCases: [(String, ExprError.Code, String)] = [
        ("errorRat > 0.05", .undeclaredReference, "undeclared reference to 'errorRat'"),
        ("account.mode == 1", .noMatchingOverload, "no matching overload for '==' applied to (string, int)"),
        ("errorRate + 'x' > 0.0", .noMatchingOverload, "no matching overload for '+' applied to (double, string)"),
        ("tags.exists(t, t + 1)", .noMatchingOverload, "no matching overload for '+' applied to (string, int)"),
        ("attempts ? 1 : 2", .noMatchingOverload, "condition of '?:' has type int"),
        ("tenant.name == 'x'", .noMatchingOverload, "type 'string' has no fields (selecting 'name')"),
        ("sizes(tags) > 1", .undeclaredFunction, "undeclared function 'sizes'"),
        ("tags.size(1) > 1", .noMatchingOverload, ".size() takes 0 argument(s), not 1"),
        ("errorRate", .wrongResultType, "expression has type double"),
        ("tags.all(t)", .noMatchingOverload, "all() takes a variable name and a condition"),
        ("'a'.matches('(a+)+')", .invalidRegex, "regular expression uses a repeated group that contains a quantifier (nested repetition), which this engine does not support"),
        // QA: a literal zone the getters refuse passed `config check`, then failed every evaluation.
        ("timestamp(0).getHours('Europe/Paris') > 1", .invalidArgument, "unsupported time zone 'Europe/Paris'"),
    ]

    @Test("mistakes are reported with code, message and place", arguments: rejectedCases)
    func rejected(source: String, code: ExprError.Code, message: String) throws {
        let errors = compileErrors(source, types: Self.site, expecting: .bool)
        let first = try #require(errors.first)
        #expect(first.code == code)
        #expect(first.message == message)
        #expect(first.location != nil)
        #expect(first.expected != nil)
    }

    @Test("every problem in an expression is reported, in source order")
    func allProblems() {
        let errors = compileErrors("errorRat > 0.05 && acount.mode == 'x' && tenant + 1 == 2", types: Self.site, expecting: .bool)
        #expect(errors.map(\.code) == [.undeclaredReference, .undeclaredReference, .noMatchingOverload])
        #expect(errors.map { $0.location?.column } == [1, 20, 49])
        #expect(errors[0].expected == "a declared variable (did you mean 'errorRate'?)")
    }

    /// QA: `action.costUs` said "undeclared reference to 'action'" although `action.*` names are declared.
    @Test("a mistyped field of dotted variables is named, with the closest declared one")
    func mistypedDottedField() {
        let errors = compileErrors("action.costUs > 1.0", types: ["action.type": .string, "action.costUsd": .double], expecting: .bool)
        #expect(errors.first?.message == "undeclared reference to 'action.costUs'")
        #expect(errors.first?.expected == "a declared variable (did you mean 'action.costUsd'?)")
        // A misspelt head: the dotted name is the one close to a declared variable (adopt QA F13).
        let head = compileErrors("acton.type == 'x'", types: ["action.type": .string]).first
        #expect(head?.message == "undeclared reference to 'acton.type'" && head?.expected == "a declared variable (did you mean 'action.type'?)")
        #expect(compileErrors("zzz.type == 'x'", types: ["action.type": .string]).first?.message == "undeclared reference to 'zzz'")
    }

    @Test("qualified names: the longest declared prefix wins; comprehension variables shadow")
    func qualifiedNames() throws {
        let values: [String: ExprValue] = ["a.b.c": "leaf", "a.b": ["c": "field"], "a": ["b": ["c": "outer"]]]
        #expect(try evaluate("a.b.c", values) == "leaf")
        #expect(try evaluate("a.b.c", ["a.b": ["c": "field"], "a": ["b": ["c": "outer"]]]) == "field")
        #expect(try evaluate("a.b.c", ["a": ["b": ["c": "outer"]]]) == "outer")
        #expect(try evaluate("[{'z': 0}].exists(y, y.z == 0)", ["y.z": 1]) == true)
        #expect(try evaluate("[1].exists(y, .y == 5)", ["y": 5]) == true)
    }

    @Test("permissive checking leaves type errors to run time")
    func permissive() throws {
        #expect(try evaluate("1 == 1.0", checking: .permissive) == true)
        #expect(throws: ExprErrors.self) { try evaluate("1 == 1.0") }
        #expect(throws: ExprError.self) { try evaluate("'a' < 1", checking: .permissive) }
    }
}
