#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch
import Foundation
import Synchronization

/// Starts programs, one at a time, from one long-lived thread with no signal blocked.
///
/// A child inherits the spawning thread's signal mask: a program started with SIGTERM blocked
/// could not be asked to stop. The thread lives as long as the process because Foundation's
/// `Process.run()` on Linux ties the process to the spawning thread's run loop and wakes it at
/// exit; a thread per launch, gone right after, crashed the test suite (a bad read inside
/// `Process.run`) when many launches and exits overlapped on a loaded machine.
final class ProcessLauncher: Sendable {
    /// The one launcher of the process.
    static let shared = ProcessLauncher()

    private let jobs = Mutex<[@Sendable () -> Void]>([])
    private let ready = DispatchSemaphore(value: 0)

    private init() {
        let thread = Thread { [self] in
            var none = sigset_t()
            sigemptyset(&none)
            pthread_sigmask(SIG_SETMASK, &none, nil)
            while true {
                ready.wait()
                let job = jobs.withLock { $0.isEmpty ? nil : $0.removeFirst() }
                job?()
            }
        }
        thread.name = "steward-process-launcher"
        thread.start()
    }

    /// Runs `process` (`Process.run()`) on the launcher thread; throws what it threw.
    func launch(_ process: Process) async throws {
        let box = LaunchedProcess(process)
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            jobs.withLock {
                $0.append {
                    do {
                        try box.process.run()
                        continuation.resume()
                    } catch {
                        continuation.resume(throwing: error)
                    }
                }
            }
            ready.signal()
        }
    }
}

/// A `Process` handed to the launcher thread; nothing else touches it until `run()` returned.
private struct LaunchedProcess: @unchecked Sendable {
    let process: Process
    init(_ process: Process) { self.process = process }
}
