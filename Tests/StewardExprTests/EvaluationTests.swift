import Testing
@testable import StewardExpr

@Suite("Evaluation: values and semantics as cel-spec defines them")
struct EvaluationTests {
    static let valuesCases: [(String, ExprValue)] = [
        ("1 == 1u && 1u == 1.0 && 1 == 1.0", true),
        ("dyn(1) < 1.5", true),
        ("[1, 2] == [1.0, 2u]", true),
        ("{'a': 1} == {'a': 1.0}", true),
        ("0.0 / 0.0 == 0.0 / 0.0", false),
        ("1.0 / 0.0", .double(.infinity)),
        ("7 / 2", 3),
        ("-7 / 2", -3),
        ("-7 % 3", -1),
        ("7u % 3u", .uint(1)),
        ("'ab' + 'c'", "abc"),
        ("b'a' + b'b'", .bytes([97, 98])),
        ("[1] + [2]", [1, 2]),
        ("size('héllo') == 5 && size(b'h\\xc3\\xa9') == 3", true),
        ("'e\\u0301' == '\\u00e9'", false),
        ("'e\\u0301'.contains('e')", true),
        ("'a' < 'b' && 'B' < 'a' && b'\\x01' < b'\\x02'", true),
        ("true ? 1 : 2", 1),
        ("2 in [1, 2] && 'k' in {'k': 1} && !(3 in [1, 2])", true),
        ("{'a': {'b': 5}}.a.b", 5),
        ("{'x-y': 1}.`x-y`", 1),
        ("has({'a': 1}.a) && !has({'a': 1}.b)", true),
        ("[1, 2, 3].all(x, x > 0)", true),
        ("[1, 2, 3].exists(x, x > 2)", true),
        ("[1, 2, 3].exists_one(x, x > 2)", true),
        ("[1, 2, 3].map(x, x * 10)", [10, 20, 30]),
        ("[1, 2, 3].map(x, x > 1, x * 10)", [20, 30]),
        ("[1, 2, 3].filter(x, x != 2)", [1, 3]),
        ("{'a': 1, 'b': 2}.map(k, k)", ["a", "b"]),
        ("int('42') + int(3.9) + int(-3.9)", 42),
        ("uint(42) == 42u && double(1) == 1.0", true),
        ("string(1.5) + string(2u) + string(true) + string(b'ok')", "1.52trueok"),
        ("bytes('ok') == b'ok' && bool('true') && !bool('f')", true),
        ("duration('1h30m') == duration('5400s')", true),
        ("duration('90m').getHours()", 1),
        ("string(duration('-1.5s'))", "-1.5s"),
        ("timestamp('2024-02-29T12:00:00Z').getDayOfYear()", 59),
        ("timestamp('2024-02-29T12:00:00Z').getMonth()", 1),
        ("timestamp('2024-02-29T12:00:00Z').getDayOfWeek()", 4),
        ("timestamp('2024-02-29T23:30:00Z').getDate('+01:00')", 1),
        ("timestamp('2024-02-29T00:30:00Z').getHours('-02:30')", 22),
        ("timestamp('2024-01-01T00:00:00.250Z').getMilliseconds()", 250),
        ("timestamp('2024-01-01T00:00:00+01:00') == timestamp('2023-12-31T23:00:00Z')", true),
        ("timestamp(0) + duration('1s') > timestamp(0)", true),
        ("string(timestamp(1706745600))", "2024-02-01T00:00:00Z"),
        ("timestamp('2024-01-02T00:00:00Z') - timestamp('2024-01-01T00:00:00Z') == duration('24h')", true),
        ("int(timestamp('1970-01-01T00:01:00Z'))", 60),
        ("'foobar'.matches('^fo+b') && !'foobar'.matches('^bar') && matches('x1', '\\\\d')", true),
        ("'straße'.matches('a(ß|ss)e')", true),
        ("'٣'.matches('\\\\d')", false),
        ("'Abc'.matches('(?i)^abc$')", true),
        ("'héllo'.matches('^h.llo$')", true),
        ("false && 1 / 0 == 1", false),
        ("1 / 0 == 1 || true", true),
        ("[1, 'a'].exists(x, x == 'a')", true),
    ]

    @Test("values", arguments: valuesCases)
    func values(source: String, expected: ExprValue) throws {
        let got = try evaluate(source, checking: .permissive)
        #expect(TypedValueCodec.sameResult(expected, got), "\(source) gave \(got)")
    }

    static let failuresCases: [(String, ExprError.Code, Int)] = [
        ("9223372036854775807 + 1", .overflow, 21),
        ("-9223372036854775808 / -1", .overflow, 22),
        ("-9223372036854775808 % -1", .overflow, 22),
        ("1 / 0", .divisionByZero, 3),
        ("1 % 0", .moduloByZero, 3),
        ("18446744073709551615u * 2u", .overflow, 23),
        ("0u - 1u", .overflow, 4),
        ("int(1e20)", .outOfRange, 1),
        ("uint(-1)", .outOfRange, 1),
        ("int('x')", .invalidArgument, 1),
        ("[1, 2][2]", .invalidArgument, 7),
        ("{'a': 1}.b", .noSuchKey, 10),
        ("{'a': 1}['b']", .noSuchKey, 9),
        ("{1: 1, 1u: 2}", .invalidArgument, 1),
        ("timestamp('2024-13-01T00:00:00Z')", .invalidArgument, 1),
        ("timestamp('9999-12-31T23:59:59Z') + duration('1s')", .outOfRange, 35),
        ("duration('1x')", .invalidArgument, 1),
        ("string(b'\\xff')", .invalidArgument, 1),
        ("[1, 2].all(x, x / 0 == 1)", .divisionByZero, 17),
    ]

    @Test("run-time errors carry a code and the place of the failing operation", arguments: failuresCases)
    func failures(source: String, code: ExprError.Code, column: Int) throws {
        do {
            let value = try evaluate(source, checking: .permissive)
            Issue.record("\(source) gave \(value)")
        } catch let error as ExprError {
            #expect(error.code == code, "\(source): \(error)")
            #expect(error.location?.column == column, "\(source): \(error)")
            #expect(error.excerpt?.hasSuffix("^") == true)
        }
    }

    @Test("variables by slot, unset variables, and reuse of one program from many tasks")
    func activations() async throws {
        var environment = ExprEnvironment()
        let slot = environment.declare("errorRate", .double)
        environment.declare("window", .duration)
        let rule = try ExprProgram("errorRate > 0.05", environment: environment, expecting: .bool)
        var input = ExprActivation(environment)
        #expect(throws: ExprError.self) { try rule.evaluate(input) }
        input[slot] = 0.07
        #expect(try rule.evaluateCondition(input))
        input.set("errorRate", 0.01)
        #expect(try !rule.evaluateCondition(input))
        let shared = environment
        let results = await withTaskGroup(of: Bool.self) { group in
            for i in 0..<64 {
                group.addTask {
                    var local = ExprActivation(shared)
                    local[slot] = .double(Double(i) / 100)
                    return (try? rule.evaluateCondition(local)) ?? false
                }
            }
            return await group.reduce(into: 0) { $0 += $1 ? 1 : 0 }
        }
        #expect(results == 58)
    }

    @Test("doubles print like Go's %g, as cel-go's string() does")
    func doubleText() {
        let cases: [(Double, String)] = [(123.456, "123.456"), (1e6, "1e+06"), (123456, "123456"), (0.0001, "0.0001"),
                                         (0.00001, "1e-05"), (-0.0, "-0"), (1.5e300, "1.5e+300"), (.nan, "NaN"), (-.infinity, "-Inf")]
        for (value, text) in cases { #expect(DoubleText.format(value) == text) }
    }

    @Test("plain JSON maps onto values: integers to int, other numbers to double")
    func plainJSON() throws {
        let json = try #require(JSON(parsing: #"{"errorRate": 0.07, "count": 3, "big": 1e3, "tags": ["a"], "nested": {"ok": true}, "none": null}"#))
        let value = ExprValue(json: json)
        #expect(value == ["big": 1000.0, "count": 3, "errorRate": 0.07, "nested": ["ok": true], "none": nil, "tags": ["a"]]
            || TypedValueCodec.sameResult(value, ["big": 1000.0, "count": 3, "errorRate": 0.07, "nested": ["ok": true], "none": nil, "tags": ["a"]]))
    }
}
