import Benchmark
import StewardExpr

// Benchmarks of the condition language (docs/performance.md, "Condition language (StewardExpr)").
// Run from Benchmarks/: swift package --disable-sandbox benchmark --target ExprBenchmarks

/// The twenty rules of a policy: each a comparison or a membership test over a request of ten
/// fields. The request below matches only the last one, so a decision evaluates all twenty.
let policyRules: [String] = [
    #"action.type in ["send_email", "contact_customer", "change_pricing", "change_forecast"] && account.mode != "autopilot""#,
    #"action.risk == "critical""#,
    #"action.cost > 500.0"#,
    #"agent.errorRate > 0.2"#,
    #"agent.attempts >= 5"#,
    #"tenant == "blocked-tenant""#,
    #"account.tier == "trial" && action.cost > 50.0"#,
    #"action.external && action.risk == "high""#,
    #"!action.reversible && action.risk == "high""#,
    #"action.type == "delete_data""#,
    #"account.mode == "assist" && action.type != "read_only""#,
    #"action.type in ["refund", "credit"] && action.cost > 100.0"#,
    #"agent.errorRate > 0.1 && agent.attempts > 2"#,
    #"tenant in ["t-frozen-1", "t-frozen-2", "t-frozen-3"]"#,
    #"action.cost < 0.0"#,
    #"account.tier == "enterprise" && action.risk == "medium" && action.cost > 1000.0"#,
    #"action.type.startsWith("admin_")"#,
    #"account.mode == "scheduled" && action.external"#,
    #"agent.attempts > 10"#,
    #"action.risk in ["low", "medium"] && action.cost <= 10.0"#,
]

/// The request's ten fields.
let requestFields: [(name: String, type: ExprType, value: ExprValue)] = [
    ("action.type", .string, "update_ticket"), ("action.risk", .string, "low"), ("action.cost", .double, 5.0),
    ("action.external", .bool, false), ("action.reversible", .bool, true), ("account.mode", .string, "autopilot"),
    ("account.tier", .string, "pro"), ("tenant", .string, "acme"), ("agent.errorRate", .double, 0.01),
    ("agent.attempts", .int, 1),
]

/// A compiled policy and a request, either as ten flat slots (`action.type` declared as its own
/// variable) or as records (`action`, `account`, `agent` declared as maps).
struct PolicyFixture: Sendable {
    let rules: [ExprProgram]
    let request: ExprActivation

    init(flat: Bool) {
        var environment = ExprEnvironment()
        var values: [String: ExprValue] = [:]
        if flat {
            for field in requestFields {
                environment.declare(field.name, field.type)
                values[field.name] = field.value
            }
        } else {
            var records: [String: [String: ExprValue]] = [:]
            for field in requestFields {
                let parts = field.name.split(separator: ".", maxSplits: 1).map(String.init)
                if parts.count == 2 { records[parts[0], default: [:]][parts[1]] = field.value } else { values[parts[0]] = field.value }
            }
            for (name, fields) in records {
                environment.declare(name, .object)
                values[name] = .object(fields)
            }
            environment.declare("tenant", .string)
        }
        // swiftlint:disable:next force_try
        rules = policyRules.map { try! ExprProgram($0, environment: environment, expecting: .bool) }
        request = ExprActivation(environment, values: values)
    }

    /// First match wins: the index of the deciding rule.
    func decide() -> Int? {
        for (index, rule) in rules.enumerated() where (try? rule.evaluateCondition(request)) == true {
            return index
        }
        return nil
    }
}

let flatPolicy = PolicyFixture(flat: true)
let recordPolicy = PolicyFixture(flat: false)

let singleRule: (program: ExprProgram, input: ExprActivation) = {
    var environment = ExprEnvironment()
    environment.declare("errorRate", .double)
    // swiftlint:disable:next force_try
    let program = try! ExprProgram("errorRate > 0.05", environment: environment, expecting: .bool)
    var input = ExprActivation(environment)
    input.set("errorRate", 0.07)
    return (program, input)
}()

/// A 200-rule configuration: the policy's twenty rules in ten variants with other constants.
let configurationSources: [String] = (0..<10).flatMap { variant in
    policyRules.map { $0.replacingOccurrences(of: "0.0", with: "\(variant).5") + " || agent.attempts == \(variant)" }
}

extension String {
    func replacingOccurrences(of target: String, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}

let benchmarks: @Sendable () -> Void = {
    let fast = Benchmark.Configuration(metrics: [.wallClock, .throughput, .mallocCountTotal], scalingFactor: .kilo,
                                       maxDuration: .seconds(5), maxIterations: 100_000)
    let slow = Benchmark.Configuration(metrics: [.wallClock, .throughput, .mallocCountTotal],
                                       maxDuration: .seconds(10), maxIterations: 200)

    Benchmark("errorRate > 0.05 (one evaluation)", configuration: fast) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try? singleRule.program.evaluateCondition(singleRule.input))
        }
    }

    Benchmark("20-rule policy, first match wins (flat slots)", configuration: fast) { benchmark in
        precondition(flatPolicy.decide() == 19)
        for _ in benchmark.scaledIterations {
            blackHole(flatPolicy.decide())
        }
    }

    Benchmark("20-rule policy, first match wins (record maps)", configuration: fast) { benchmark in
        precondition(recordPolicy.decide() == 19)
        for _ in benchmark.scaledIterations {
            blackHole(recordPolicy.decide())
        }
    }

    Benchmark("parse, check and compile a 200-rule configuration", configuration: slow) { benchmark in
        var environment = ExprEnvironment()
        for field in requestFields { environment.declare(field.name, field.type) }
        for _ in benchmark.scaledIterations {
            var compiled = 0
            for source in configurationSources where (try? ExprProgram(source, environment: environment, expecting: .bool)) != nil {
                compiled += 1
            }
            precondition(compiled == 200)
            blackHole(compiled)
        }
    }
}
