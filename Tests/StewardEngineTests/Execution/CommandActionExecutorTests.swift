import Foundation
import StewardCore
import StewardEngine
import Testing

@Suite("command executor")
struct CommandActionExecutorTests {
    static let executor = CommandActionExecutor(logger: .quiet)

    static func request(params: JSONValue = ["service": "billing"]) -> ExecutionRequest {
        ExecutionRequest(
            actionID: "act-7", tenant: "acme", agent: "ops-bot", account: nil, type: "restart_service", params: params,
            idempotencyKey: "idem-7", idempotent: false)
    }

    static func run(_ argv: [String], timeout: Int = 10_000, params: JSONValue = ["service": "billing"]) async -> ExecutionResult {
        await executor.execute(request(params: params), spec: CommandExecutorSpec(argv: argv, timeoutMilliseconds: timeout))
    }

    @Test func programReceivesTheBodyOnStdinAndItsJSONOutputIsTheResponse() async throws {
        let result = await Self.run(["/bin/sh", "-c", "cat"])
        #expect(result.succeeded && result.statusCode == 0 && result.attempts == 1)
        #expect(result.detail == "exit status 0")
        #expect(result.response == (try JSONReader.parse(try Self.request().body())))
    }

    @Test func programGetsOnlyTheStewardVariablesAndPath() async {
        let script = #"printf '{"id":"%s","key":"%s","tenant":"%s","home":"%s","path":%s}' "$STEWARD_ACTION_ID" "$STEWARD_IDEMPOTENCY_KEY" "$STEWARD_TENANT" "$HOME" "${PATH:+true}""#
        let result = await Self.run(["/bin/sh", "-c", script])
        #expect(result.response == ["id": "act-7", "key": "idem-7", "tenant": "acme", "home": "", "path": true])
    }

    @Test func nonZeroExitReportsTheFirstStderrLine() async {
        let result = await Self.run(["/bin/sh", "-c", "echo; echo '  disk full  ' >&2; echo 'second line' >&2; echo '{\"partial\":1}'; exit 3"])
        #expect(!result.succeeded && result.statusCode == 3)
        #expect(result.detail == "exit status 3: disk full")
        #expect(result.response == ["partial": 1])
    }

    @Test func nameIsLookedUpOnPath() async {
        let result = await Self.run(["sh", "-c", "exit 0"])
        #expect(result.succeeded)
    }

    @Test("programs that cannot be run are refused with a clear detail", arguments: [
        (["no-such-program-steward"], "program 'no-such-program-steward' not found on PATH"),
        (["./relative/tool"], "program './relative/tool' is not an executable file"),
        (["/etc/passwd"], "program '/etc/passwd' is not an executable file"),
        ([], "the command has no program to run"),
    ])
    func unrunnablePrograms(argv: [String], detail: String) async {
        let result = await Self.run(argv)
        #expect(!result.succeeded && result.attempts == 0 && result.detail == detail)
    }

    #if os(Linux)
    @Test func programStartsWithNoSignalBlocked() async {
        // The test runner blocks some signals on its threads; the program must not inherit that.
        let result = await Self.run(["awk", #"/^SigBlk/ { printf "{\"blocked\":\"%s\"}", $2 }"#, "/proc/self/status"])
        #expect(result.response == ["blocked": "0000000000000000"])
    }

    @Test func programStartsWithNoSignalIgnored() async {
        // The server ignores SIGPIPE (as NIO has it); a program must not inherit that either.
        let previous = signal(SIGPIPE, SIG_IGN)
        defer { signal(SIGPIPE, previous) }
        let result = await Self.run(["awk", #"/^SigIgn/ { printf "{\"ignored\":\"%s\"}", $2 }"#, "/proc/self/status"])
        let mask = result.response?["ignored"]?.stringValue.flatMap { UInt64($0, radix: 16) }
        #expect(mask.map { $0 & (1 << (UInt64(SIGPIPE) - 1)) == 0 } == true, "SigIgn \(String(describing: result.response))")
    }
    #endif

    @Test func slowProgramIsKilledAtTheTimeout() async {
        let started = ContinuousClock.now
        // Killed long before the program would end by itself (a bound no loaded machine gets near).
        let result = await Self.run(["sleep", "900"], timeout: 200)
        // Far below the program's own 900 s: on a machine busy enough to stall the test for
        // half a minute (seen under a parallel release build), the kill still shows.
        #expect(ContinuousClock.now - started < .seconds(450))
        #expect(!result.succeeded && result.statusCode == nil)
        #expect(result.detail == "timed out after 200 ms")
    }

    @Test func shellChildrenAreKilledWithTheShell() async throws {
        // The shell's child would outlive it if only the shell were signalled: it writes its pid,
        // and must be gone once the executor gave up on the shell.
        let pidFile = FileManager.default.temporaryDirectory.appendingPathComponent("steward-\(UUID().uuidString).pid").path
        defer { try? FileManager.default.removeItem(atPath: pidFile) }
        let result = await Self.run(["/bin/sh", "-c", #"sleep 300 & echo $! > "$0"; wait"#, pidFile], timeout: 200)
        #expect(result.detail == "timed out after 200 ms")
        let text = try String(contentsOfFile: pidFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        let pid = try #require(pid_t(text))
        var alive = true
        for _ in 0..<100 where alive {  // reaped by init shortly after the kill; wait at most ~10 s
            alive = kill(pid, 0) == 0
            if alive { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(!alive)
    }

    @Test func programIgnoringSIGTERMIsKilledAfterTheGracePeriod() async {
        let started = ContinuousClock.now
        let result = await Self.run(["/bin/sh", "-c", "trap '' TERM; sleep 900"], timeout: 200)
        let elapsed = ContinuousClock.now - started
        // SIGTERM was ignored, so only the SIGKILL after the one-second grace ended it (long
        // before the program's own 900 s, however busy the machine).
        #expect(elapsed >= .milliseconds(1100) && elapsed < .seconds(450))
        #expect(!result.succeeded && result.detail == "timed out after 200 ms")
    }

    @Test func chattyProgramDoesNotDeadlock() async {
        // 1 MiB on each stream before reading stdin: far beyond any pipe buffer.
        let script = "head -c 1048576 /dev/zero; head -c 1048576 /dev/zero | tr '\\000' e >&2; cat >/dev/null; exit 1"
        let result = await Self.run(["/bin/sh", "-c", script], timeout: 60_000)
        // Its own exit status proves it ran to the end rather than being killed at the timeout.
        #expect(result.statusCode == 1 && result.response == nil)
        // The first stderr line is 1 MiB long: kept to 64 KiB, then shortened for the detail.
        #expect(result.detail == "exit status 1: " + String(repeating: "e", count: 200) + "…")
    }

    @Test func megabyteOfStdoutSucceeds() async {
        let result = await Self.run(["/bin/sh", "-c", "head -c 1048576 /dev/zero | tr '\\000' 'x'"])
        #expect(result.succeeded && result.response == nil)
    }

    @Test func programThatIgnoresALargeInputDoesNotHurtSteward() async {
        // Exiting without reading makes our write fail with EPIPE; SIGPIPE must not end the test process.
        let result = await Self.run(["/bin/true"], params: ["blob": .string(String(repeating: "y", count: 4 << 20))])
        #expect(result.succeeded && result.detail == "exit status 0")
    }
}
