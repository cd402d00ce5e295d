import ArgumentParser
import Foundation
import StewardConfig
import StewardCore
import StewardEngine

/// `steward policy`: work on the gate's policy without a server.
struct PolicyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policy",
        abstract: "Test the gate's policy offline.",
        subcommands: [PolicyTestCommand.self])
}

/// `steward policy test FILE...`: unit tests for a policy, as `opa test` runs them for Rego.
struct PolicyTestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run policy tests: proposals, the state to assume, and the decision each must get.",
        discussion: """
            Each test names a proposal (type, agent, and optionally account, params, trigger), \
            what to assume of the state the gate would read (given: modes, kill switch, money \
            spent, open breakers, ...; anything left out is the configuration's, or nothing spent \
            or open), and what the decision must be (expect: outcome, reason, rule, clause, \
            findings). The gate is the one `POST /v1/actions` runs, under the configuration of \
            --config; nothing is read from or written to a database. docs/actions.md, "Testing a \
            policy", describes the file.

            Exit status: 0 when every test passes, 1 when one fails, 2 when a file is invalid \
            (every problem is printed as FILE:LINE:COLUMN: FIELD: MESSAGE).

            Examples:
              steward policy test examples/policy-tests.yaml --config examples/steward.yaml
              steward policy test tests/*.yaml --config steward.yaml --verbose
              steward policy test policy-tests.yaml --json | jq '.failed'
              steward policy test policy-tests.yaml --run "kill switch" --coverage
            """)

    @Argument(help: "Files of policy tests (YAML with a list 'tests').", completion: .file(extensions: ["yaml", "yml"]))
    var files: [String]
    @Option(name: .long, help: "The steward.yaml whose policy, action types and settings to test (default: Steward's defaults).")
    var config: String?
    @Flag(help: "Read --config without the environment variables of this shell.")
    var ignoreEnvironment = false
    @Flag(name: .long, help: "Print every test's decision and trace, not only the failures'.")
    var verbose = false
    @Flag(name: .long, help: "Print the results as one JSON object.")
    var json = false
    @Option(name: .long, help: "Run only the tests whose name contains this text.")
    var run: String?
    @Flag(name: .long, help: "Also list each policy rule with the tests it decided or matched in (warn/audit), and the rules no test reached.")
    var coverage = false

    func validate() throws {
        if files.isEmpty { throw ValidationError("give at least one file of policy tests") }
    }

    func run() async throws {
        let environment = ignoreEnvironment ? [:] : ProcessInfo.processInfo.environment
        let rules: SpineRules
        do {
            let loaded = try ConfigurationLoader.load(path: config, environment: environment)
            rules = try SpineRules(configuration: loaded.configuration, revision: loaded.revision)
        } catch let error as ConfigurationErrors {
            for problem in error.errors { StandardError.line(problem.description) }
            throw ExitCode(2)
        } catch {
            StandardError.line("steward: \(error)")
            throw ExitCode(2)
        }
        var tests: [PolicyTest] = []
        var invalid = false
        for file in files {
            do {
                // What only the configuration can refuse (a tenant it does not declare, an
                // impossible scope) is checked with the rest, each where it is written.
                tests += try PolicyTestLoader.load(path: file, configuration: rules.configuration)
            } catch {
                for problem in error.errors { StandardError.line(problem.description) }
                StandardError.line("\(file): \(error.errors.count) error\(error.errors.count == 1 ? "" : "s")")
                invalid = true
            }
        }
        if invalid { throw ExitCode(2) }
        if let run {
            tests = tests.filter { $0.name.contains(run) }
            if tests.isEmpty { throw ValidationError("no test's name contains '\(run)'") }
        }
        let results = PolicyTestRun.run(tests, rules: rules)
        let coverage = coverage ? PolicyCoverage(results, policy: rules.configuration.policy.rules) : nil
        print(json
            ? try PolicyTestReport.json(results, revision: rules.revision, coverage: coverage)
            : PolicyTestReport.text(results, verbose: verbose) + (coverage.map { "\n" + $0.text } ?? ""))
        if results.contains(where: { !$0.passed }) { throw ExitCode.failure }
    }
}
