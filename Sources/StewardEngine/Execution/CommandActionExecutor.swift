import Foundation
public import Logging
public import StewardCore

/// Carries out an approved action by running a program (the `command` executor).
///
/// The program gets the action's canonical JSON on standard input and three environment variables
/// (`STEWARD_ACTION_ID`, `STEWARD_IDEMPOTENCY_KEY`, `STEWARD_TENANT`) besides `PATH`; nothing else
/// of Steward's environment leaks into it. Exit status 0 is success; JSON on standard output is the response.
public struct CommandActionExecutor: Sendable {
    /// The most of each of stdout and stderr kept.
    static let outputLimit = 64 * 1024

    let logger: Logger

    /// A command executor logging to `logger`.
    public init(logger: Logger = Logger(label: "steward.executor.command")) {
        self.logger = logger
    }

    /// Runs the program for `request`. Never throws: a failure is a result with `succeeded == false`.
    public func execute(_ request: ExecutionRequest, spec: CommandExecutorSpec) async -> ExecutionResult {
        let start = ContinuousClock.now
        func failure(_ detail: String, statusCode: Int? = nil, response: JSONValue? = nil, attempts: Int = 0) -> ExecutionResult {
            logger.warning("command executor failed", metadata: [
                "action": "\(request.actionID)", "tenant": "\(request.tenant)", "type": "\(request.type)",
                "program": "\(spec.argv.first ?? "")", "detail": "\(detail)",
            ])
            return ExecutionResult(
                succeeded: false, detail: detail, response: response, statusCode: statusCode, attempts: attempts,
                durationMilliseconds: (ContinuousClock.now - start).wholeMilliseconds)
        }

        let path = Self.searchPath()
        guard let program = spec.argv.first else { return failure("the command has no program to run") }
        guard let executable = Self.locate(program, searchPath: path) else {
            return failure(program.contains("/") ? "program '\(program)' is not an executable file" : "program '\(program)' not found on PATH")
        }
        let input: [UInt8]
        do { input = try request.body() } catch { return failure("could not encode the action: \(error)") }
        let environment = [
            "PATH": path, "STEWARD_ACTION_ID": request.actionID, "STEWARD_IDEMPOTENCY_KEY": request.idempotencyKey,
            "STEWARD_TENANT": request.tenant,
        ]
        let timeout = Duration.milliseconds(max(1, spec.timeoutMilliseconds))

        let run: ChildRun
        do {
            run = try await ChildProcess.run(
                executable: executable, arguments: Array(spec.argv.dropFirst()), environment: environment, input: input,
                timeout: timeout, outputLimit: Self.outputLimit)
        } catch {
            return failure("could not start '\(program)': \(error)", attempts: 1)
        }

        let response = ExecutionResult.parsedResponse(run.output.stdout)
        let stderrLine = Self.firstLine(run.output.stderr)
        let statusCode = run.exit.bySignal ? nil : Int(run.exit.status)
        if run.killed {
            return failure(Task.isCancelled ? "cancelled; the program was killed" : "timed out after \(timeout.wholeMilliseconds) ms", attempts: 1)
        }
        guard !run.exit.bySignal, run.exit.status == 0 else {
            var detail = run.exit.bySignal ? "killed by signal \(run.exit.status)" : "exit status \(run.exit.status)"
            if let stderrLine { detail += ": \(stderrLine)" }
            return failure(detail, statusCode: statusCode, response: response, attempts: 1)
        }
        return ExecutionResult(
            succeeded: true, detail: "exit status 0", response: response, statusCode: 0, attempts: 1,
            durationMilliseconds: (ContinuousClock.now - start).wholeMilliseconds)
    }

    /// Steward's own PATH, or the usual system directories when it has none.
    static func searchPath() -> String {
        ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
    }

    /// The executable for `program`: an absolute path as given, or a bare name found on `searchPath`.
    /// Relative paths are refused, since they would depend on Steward's working directory.
    static func locate(_ program: String, searchPath: String) -> String? {
        let files = FileManager.default
        if program.contains("/") {
            return program.hasPrefix("/") && files.isExecutableFile(atPath: program) ? program : nil
        }
        guard !program.isEmpty else { return nil }
        for directory in searchPath.split(separator: ":").map(String.init) where directory.hasPrefix("/") {
            let candidate = directory.hasSuffix("/") ? directory + program : directory + "/" + program
            if files.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// The first non-blank line of `bytes`, trimmed and shortened for a one-sentence detail.
    static func firstLine(_ bytes: [UInt8]) -> String? {
        let text = String(decoding: bytes, as: UTF8.self)
        guard let line = text.split(whereSeparator: \.isNewline).lazy
            .map({ $0.trimmingCharacters(in: .whitespaces) }).first(where: { !$0.isEmpty })
        else { return nil }
        return line.count > 200 ? String(line.prefix(200)) + "…" : line
    }
}
