#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// One run of a program: how it ended, what it wrote and whether Steward had to kill it.
struct ChildRun: Sendable {
    var exit: ProcessExit
    var output: CapturedOutput
    /// Steward killed the program because its time ran out (or the caller was cancelled).
    var killed: Bool
}

/// Runs a program to completion without a shell, bounded in time and in captured output.
enum ChildProcess {
    /// How long a program has after SIGTERM before SIGKILL.
    static let terminationGrace = Duration.seconds(1)
    /// How long to keep reading output after the program exited, for pipes a grandchild still holds.
    static let drainGrace = Duration.milliseconds(500)

    /// Starts `executable` and waits for it; throws only when it cannot be started.
    static func run(
        executable: String, arguments: [String], environment: [String: String], input: [UInt8], timeout: Duration,
        outputLimit: Int
    ) async throws -> ChildRun {
        let child = try ProcessSpawn.start(executable: executable, arguments: arguments, environment: environment)
        let pid = child.pid
        let exitSignal = ExitSignal()
        ProcessSpawn.waitForExit(of: pid) { exitSignal.finish($0) }

        let control = PipePump.Control()
        async let output = PipePump.run(
            input: input, stdin: child.stdin, stdout: child.stdout, stderr: child.stderr, limit: outputLimit, control: control)
        let exit = await withTaskGroup(of: Void.self) { group in
            group.addTask { await enforce(timeout: timeout, pid: pid, exit: exitSignal) }
            let exit = await exitSignal.wait()
            group.cancelAll()
            return exit
        }
        control.stop(by: ContinuousClock.now + drainGrace)
        return ChildRun(exit: exit, output: await output, killed: exitSignal.wasKilled)
    }

    /// Waits out `timeout`, then ends the program: SIGTERM, and SIGKILL if it is still there after
    /// the grace period. Cancellation (the program exited, or the caller gave up) ends the wait early.
    private static func enforce(timeout: Duration, pid: Int32, exit: ExitSignal) async {
        try? await Task.sleep(for: timeout)
        guard exit.beginKill() else { return }
        signal(pid, SIGTERM)
        let graceEnd = ContinuousClock.now + terminationGrace
        while ContinuousClock.now < graceEnd, !exit.hasExited, !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(20))
        }
        if !exit.hasExited { signal(pid, SIGKILL) }
    }

    /// Signals the program's whole process group (each child starts in its own: ``ProcessSpawn``),
    /// so a shell's children go too; falls back to the process alone where there is no such group.
    private static func signal(_ pid: Int32, _ signal: Int32) {
        if kill(-pid, signal) != 0 { _ = kill(pid, signal) }
    }
}
