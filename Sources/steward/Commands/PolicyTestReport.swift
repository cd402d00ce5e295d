import StewardCore
import StewardEngine

/// How `steward policy test` prints its results.
enum PolicyTestReport {
    /// One line per test, the decision and trace under each failure (and under every test with
    /// `verbose`), then the count.
    static func text(_ results: [PolicyTestResult], verbose: Bool) -> String {
        var lines: [String] = []
        for result in results {
            lines.append("\(result.passed ? "PASS" : "FAIL")  \(result.test.name)  (\(result.test.location))")
            for failure in result.failures { lines.append("      \(failure)") }
            guard !result.passed || verbose, let decision = result.decision else { continue }
            lines.append("      decision: \(decision.outcome.rawValue) \(decision.reason)\(decision.policyClause.map { " [\($0)]" } ?? "")")
            lines.append("      \(decision.explanation)")
            for check in decision.checks {
                lines.append("        \(check.passed ? "pass" : "hold") \(check.name.rawValue): \(check.reason) — \(check.detail)")
            }
            for finding in decision.warnings + decision.audits {
                lines.append("        shadow \(finding.rule): would \(finding.effect.rawValue) (\(finding.reason))")
            }
        }
        let failed = results.filter { !$0.passed }.count
        lines.append("\(results.count) test\(results.count == 1 ? "" : "s"), \(results.count - failed) passed, \(failed) failed")
        return lines.joined(separator: "\n")
    }

    /// `{revision, passed, failed, tests: [{name, location, passed, failures, decision}]}`.
    static func json(_ results: [PolicyTestResult], revision: String, coverage: PolicyCoverage? = nil) throws -> String {
        let tests: [JSONValue] = try results.map { result in
            [
                "name": .string(result.test.name), "location": .string(result.test.location), "passed": .bool(result.passed),
                "failures": .array(result.failures.map(JSONValue.string)),
                "decision": try result.decision.map { try JSONValueEncoder.encode($0) } ?? .null,
            ]
        }
        let failed = results.filter { !$0.passed }.count
        var report: [String: JSONValue] = [
            "revision": .string(revision), "passed": .int(Int64(results.count - failed)), "failed": .int(Int64(failed)), "tests": .array(tests),
        ]
        if let coverage { report["coverage"] = coverage.json }
        return try CanonicalJSON.string(.object(report))
    }
}
