import Testing
@testable import StewardExpr

/// SplitMix64: a tiny seeded generator, so every run feeds the same inputs.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Random expressions from the grammar, random mutations of them, and random variable values.
struct ExpressionFuzzer {
    var rng: SeededGenerator

    mutating func pick<T>(_ items: [T]) -> T { items[Int.random(in: 0..<items.count, using: &rng)] }
    mutating func chance(_ percent: Int) -> Bool { Int.random(in: 0..<100, using: &rng) < percent }

    mutating func atom() -> String {
        pick([
            "0", "1", "-1", "42", "9223372036854775807", "-9223372036854775808", "0x7f", "1u", "0u", "18446744073709551615u",
            "1.5", "0.0", "-0.0", "1e308", "2.5e-3", ".5", "'a'", "\"héllo\"", "'\\u00e9'", "''", "r'\\d+'", "b'\\xff'", "b''",
            "true", "false", "null", "x", "y", "s", "l", "m", "t", "d", "v", "[]", "{}", "'2024-01-01T00:00:00Z'", "'5m'",
        ])
    }

    mutating func expression(_ depth: Int) -> String {
        guard depth > 0, chance(85) else { return atom() }
        let e = { (fuzzer: inout ExpressionFuzzer) in fuzzer.expression(depth - 1) }
        switch Int.random(in: 0..<16, using: &rng) {
        case 0: return "\(pick(["!", "-"]))\(e(&self))"
        case 1, 2, 3:
            let op = pick(["+", "-", "*", "/", "%", "==", "!=", "<", "<=", ">", ">=", "&&", "||", "in"])
            return "\(e(&self)) \(op) \(e(&self))"
        case 4: return "\(e(&self)) ? \(e(&self)) : \(e(&self))"
        case 5: return "(\(e(&self)))"
        case 6: return "\(pick(["size", "int", "uint", "double", "string", "bytes", "bool", "dyn", "duration", "timestamp"]))(\(e(&self)))"
        case 7: return "\(e(&self)).\(pick(["contains", "startsWith", "endsWith", "matches"]))(\(pick(["'a'", "'^h.*'", "s", "'(a|b)+'", "x"])))"
        case 8: return "\(e(&self)).\(pick(["size()", "getHours()", "getDayOfWeek('+01:00')", "getFullYear('UTC')", "getMilliseconds()"]))"
        case 9: return "\(e(&self))[\(e(&self))]"
        case 10: return "[\(e(&self)), \(e(&self))]"
        case 11: return "{\(e(&self)): \(e(&self)), 'k': \(e(&self))}"
        case 12: return "\(e(&self)).\(pick(["all", "exists", "exists_one", "filter"]))(v, \(e(&self)))"
        case 13: return "\(e(&self)).map(v, \(e(&self)))"
        case 14: return "has(\(pick(["m", "x", "m.a"])).\(pick(["a", "b", "`c-d`"])))"
        default: return "\(pick(["m", "x", "v"])).\(pick(["a", "b", "k", "if"]))"
        }
    }

    mutating func mutate(_ source: String) -> String {
        var scalars = Array(source.unicodeScalars)
        let pool = Array("()[]{}.,:?!-+*/%<>=&|'\"`\\ab01uxe \n\u{00e9}".unicodeScalars)
        for _ in 0..<Int.random(in: 1...4, using: &rng) {
            let at = scalars.isEmpty ? 0 : Int.random(in: 0..<scalars.count, using: &rng)
            switch Int.random(in: 0..<5, using: &rng) {
            case 0: if !scalars.isEmpty { scalars.remove(at: at) }
            case 1: scalars.insert(pick(pool), at: at)
            case 2: if !scalars.isEmpty { scalars[at] = pick(pool) }
            case 3: scalars = Array(scalars.prefix(at))
            default:
                let end = min(scalars.count, at + Int.random(in: 1...20, using: &rng))
                scalars.insert(contentsOf: scalars[at..<end], at: at)
            }
        }
        var text = String.UnicodeScalarView()
        text.append(contentsOf: scalars)
        return String(text)
    }

    mutating func value(_ depth: Int) -> ExprValue {
        switch Int.random(in: 0..<(depth > 0 ? 12 : 10), using: &rng) {
        case 0: return .null
        case 1: return .bool(chance(50))
        case 2: return .int(pick([0, 1, -1, .max, .min, Int64.random(in: -1000...1000, using: &rng)]))
        case 3: return .uint(pick([0, 1, .max, UInt64.random(in: 0...1000, using: &rng)]))
        case 4: return .double(pick([0, -0.0, 1.5, .nan, .infinity, 1e300, Double.random(in: -100...100, using: &rng)]))
        case 5: return .string(pick(["", "a", "héllo", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!", "e\u{301}"]))
        case 6: return .bytes(pick([[], [0xFF], [104, 105]]))
        case 7: return .timestamp(ExprTimestamp(seconds: Int64.random(in: -62_135_596_800...253_402_300_799, using: &rng)) ?? ExprTimestamp(seconds: 0)!)
        case 8: return .duration(ExprDuration(seconds: Int64.random(in: -1_000_000...1_000_000, using: &rng)) ?? ExprDuration(seconds: 0)!)
        case 9: return .string("5m")
        case 10: return .list((0..<Int.random(in: 0...4, using: &rng)).map { _ in value(depth - 1) })
        default:
            var fields: [String: ExprValue] = [:]
            for key in ["a", "b", "k", "c-d"] where chance(50) { fields[key] = value(depth - 1) }
            return .object(fields)
        }
    }
}

@Suite("Fuzz: random and mutated expressions and variables never crash, hang or recurse without bound")
struct FuzzTests {
    static let declarations: [(name: String, type: ExprType)] = [
        ("x", .dyn), ("y", .dyn), ("s", .string), ("l", .list(.dyn)), ("m", .object), ("t", .timestamp), ("d", .duration),
    ]

    /// Four deterministic partitions of 25,000 inputs each (100,000 in all), run in parallel.
    @Test("100,000 seeded inputs through parser, checker and evaluator", arguments: 0..<4)
    func seededInputs(partition: UInt64) throws {
        var fuzzer = ExpressionFuzzer(rng: SeededGenerator(state: 0x5EED_CE1 &+ partition &* 0x1_0000_0001))
        var environment = ExprEnvironment(Self.declarations)
        environment.limits.maxIterations = 5_000
        var compiled = 0, evaluated = 0, failures = 0
        let clock = ContinuousClock()
        var slowest = Duration.zero
        for round in 0..<25_000 {
            let base = fuzzer.expression(Int.random(in: 1...5, using: &fuzzer.rng))
            let source = round % 2 == 0 ? base : fuzzer.mutate(base)
            let checking: ExprProgram.Checking = round % 3 == 0 ? .strict : .permissive
            let program: ExprProgram
            do {
                program = try ExprProgram(source, environment: environment, checking: checking)
            } catch {
                #expect(error.errors.allSatisfy { $0.location != nil && !$0.message.isEmpty && $0.excerpt != nil }, "\(source)")
                continue
            }
            compiled += 1
            var input = ExprActivation(environment)
            for declaration in Self.declarations where fuzzer.chance(90) {
                input.set(declaration.name, fuzzer.value(2))
            }
            let started = clock.now
            do {
                _ = try program.evaluate(input)
                evaluated += 1
            } catch {
                #expect(error.location != nil, "\(source): \(error)")
                failures += 1
            }
            slowest = max(slowest, clock.now - started)
        }
        #expect(compiled > 7_500)
        #expect(evaluated > 1_250)
        #expect(failures > 250)
        #expect(slowest < .seconds(1), "slowest evaluation took \(slowest)")
    }

    @Test("adversarial shapes end in clear errors")
    func adversarial() {
        let environment = ExprEnvironment(Self.declarations)
        let sources = [
            String(repeating: "[", count: 5_000),
            String(repeating: "-", count: 5_000) + "1",
            String(repeating: "a.", count: 3_000) + "b",
            String(repeating: "f(", count: 3_000),
            String(repeating: "'", count: 3_001),
            (0..<2_000).map { _ in "x" }.joined(separator: " ? x : "),
            String(repeating: "{1:", count: 2_000),
            String(repeating: "l.map(v, ", count: 200) + "v" + String(repeating: ")", count: 200),
        ]
        for source in sources {
            #expect(throws: ExprErrors.self) { try ExprProgram(source, environment: environment) }
        }
    }
}
