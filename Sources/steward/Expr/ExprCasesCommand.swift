import ArgumentParser
import StewardExpr

/// `steward expr cases`: the conformance runner of shared/conformance/cel.
struct ExprCasesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cases",
        abstract: "Run CEL conformance cases: one JSON case per line on stdin, one JSON result per line on stdout.",
        discussion: """
            This is the runner the conformance driver talks to:

              python3 conformance/cel/tools/run_suite.py conformance/cel/public.json -- steward expr cases

            Each input line is a case ({"id", "name", "expr", "bindings", "type_env", "expected", \
            "disable_check", ...}; unknown fields are ignored). For each, exactly one line is written \
            and flushed before the next case is read:
              {"id": ..., "name": ..., "ok": true|false, "got": <typed value or {"error": "..."}>}
            Cases with disable_check run with the permissive checker. Nothing else is written to stdout; \
            the command exits 0 at the end of input.
            """
    )

    func run() async throws {
        while let line = readLine(strippingNewline: true) {
            if line.allSatisfy({ $0 == " " || $0 == "\t" || $0 == "\r" }) { continue }
            ConsoleOutput.line(ConformanceCase.run(line: line).line)
        }
    }
}
