#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Synchronization

/// A program started with `posix_spawn`: its process id and Steward's ends of its three pipes.
struct SpawnedProcess {
    let pid: pid_t
    let stdin: FileHandle
    let stdout: FileHandle
    let stderr: FileHandle
}

/// Why a program could not be started.
struct SpawnError: Error, CustomStringConvertible {
    let step: String
    let code: Int32
    var description: String { "\(step) failed: \(String(cString: strerror(code)))" }
}

/// Starts programs with `posix_spawn`, not Foundation's `Process`: on Linux `Process.run()` reads
/// past a buffer while it lists `/proc/self/fd` and crashed the test suite now and then
/// (swift-corelibs-foundation #5472), and a crash there would take the server with it.
///
/// The child gets no blocked and no ignored signal whatever the spawning thread had (the server
/// ignores SIGPIPE), and a process group of its own, so a timeout can stop a shell and its children.
enum ProcessSpawn {
    /// One start at a time: a pipe is marked close-on-exec only after it is made, and a program
    /// started in between by another thread would keep its end open.
    private static let starting = Mutex(())

    static func start(executable: String, arguments: [String], environment: [String: String]) throws(SpawnError) -> SpawnedProcess {
        try starting.withLock { _ in Result { () throws(SpawnError) in try startAlone(executable: executable, arguments: arguments, environment: environment) } }.get()
    }

    private static func startAlone(executable: String, arguments: [String], environment: [String: String]) throws(SpawnError) -> SpawnedProcess {
        func closeAll(_ fds: [Int32]) { for fd in fds { _ = close(fd) } }
        // stdin, stdout, stderr: [read end, write end] each.
        var pipes: [[Int32]] = []
        for _ in 0..<3 {
            var pair: [Int32] = [-1, -1]
            guard pipe(&pair) == 0 else {
                let code = errno
                closeAll(pipes.flatMap { $0 })
                throw SpawnError(step: "pipe", code: code)
            }
            for fd in pair { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
            pipes.append(pair)
        }
        let (input, output, errors) = (pipes[0], pipes[1], pipes[2])
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, input[0], 0)
        posix_spawn_file_actions_adddup2(&actions, output[1], 1)
        posix_spawn_file_actions_adddup2(&actions, errors[1], 2)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t(), all = sigset_t()
        sigemptyset(&none)
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP))

        let argv = CStrings([executable] + arguments)
        let envp = CStrings(environment.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" })
        var pid: pid_t = 0
        let code = posix_spawn(&pid, executable, &actions, &attributes, argv.pointers, envp.pointers)
        // The child's ends are the child's now (or no one's).
        closeAll([input[0], output[1], errors[1]])
        guard code == 0 else {
            closeAll([input[1], output[0], errors[0]])
            throw SpawnError(step: "posix_spawn", code: code)
        }
        return SpawnedProcess(
            pid: pid, stdin: FileHandle(fileDescriptor: input[1], closeOnDealloc: false),
            stdout: FileHandle(fileDescriptor: output[0], closeOnDealloc: false),
            stderr: FileHandle(fileDescriptor: errors[0], closeOnDealloc: false))
    }

    /// Waits for `pid` to end, on a thread of its own, and reports how it ended.
    static func waitForExit(of pid: pid_t, then report: @escaping @Sendable (ProcessExit) -> Void) {
        Thread.detachNewThread {
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
            // WIFEXITED / WTERMSIG spelled out: the C macros do not come through to Swift.
            let signal = status & 0x7f
            report(signal == 0 ? ProcessExit(status: (status >> 8) & 0xff, bySignal: false) : ProcessExit(status: signal, bySignal: true))
        }
    }
}

/// A NULL-terminated array of C strings that lives as long as this value.
private final class CStrings {
    let pointers: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>
    private let count: Int

    init(_ strings: [String]) {
        count = strings.count
        pointers = .allocate(capacity: strings.count + 1)
        for (index, string) in strings.enumerated() { pointers[index] = strdup(string) }
        pointers[strings.count] = nil
    }

    deinit {
        for index in 0..<count { free(pointers[index]) }
        pointers.deallocate()
    }
}
