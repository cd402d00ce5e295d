import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Starts and stops a throwaway PostgreSQL cluster from the local server binaries.
///
/// Processes are spawned with `posix_spawn` and their output goes to log files in the cluster's
/// directory, so nothing here depends on run loops or pipes, and `stop` is safe to call from an
/// `atexit` handler.
struct PostgresLauncher: Sendable {
    /// The folder holding `initdb` and `pg_ctl`.
    let binaries: String
    /// The cluster's temporary directory: data, socket and logs.
    let directory: String
    /// The loopback port the server listens on, once started.
    private(set) var port = 0

    static let user = "steward"

    /// The first folder with both `initdb` and `pg_ctl`: PATH, then the newest Debian-style install.
    static func findBinaries() -> String? {
        let fm = FileManager.default
        var candidates = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init)
        let versions = (try? fm.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []
        candidates += versions.sorted { (Int($0) ?? 0) > (Int($1) ?? 0) }.map { "/usr/lib/postgresql/\($0)/bin" }
        return candidates.first { dir in
            fm.isExecutableFile(atPath: "\(dir)/initdb") && fm.isExecutableFile(atPath: "\(dir)/pg_ctl")
        }
    }

    /// Creates the cluster in a fresh temporary directory (owned by `postgres` when running as root,
    /// since initdb refuses to run as root).
    init(binaries: String) throws {
        self.binaries = binaries
        directory = "\(FileManager.default.temporaryDirectory.path)/steward-pg-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        if getuid() == 0 {
            guard let account = getpwnam("postgres") else {
                throw LaunchError("running as root, but there is no postgres user to run initdb as")
            }
            guard chown(directory, account.pointee.pw_uid, account.pointee.pw_gid) == 0 else {
                throw LaunchError("could not hand \(directory) to the postgres user (errno \(errno))")
            }
        }
        let status = try Self.spawn(
            asServerUser: ["\(binaries)/initdb", "-D", "\(directory)/data", "-U", Self.user, "--auth=trust",
                           "-E", "UTF8", "--locale=C", "--no-sync"],
            log: "\(directory)/initdb.log")
        guard status == 0 else { throw LaunchError("initdb failed (\(status)): \(tail("\(directory)/initdb.log"))") }
    }

    /// Starts the server on a free loopback port, waiting until it accepts connections; a port
    /// taken in between is retried with another.
    mutating func start() throws {
        var lastFailure = ""
        for _ in 0..<5 {
            let candidate = try Self.freePort()
            let options = "-p \(candidate) -k \(directory) -c listen_addresses=127.0.0.1 -c max_connections=300"
            let status = try Self.spawn(
                asServerUser: ["\(binaries)/pg_ctl", "-D", "\(directory)/data", "-l", "\(directory)/server.log",
                               "-w", "-t", "60", "-o", options, "start"],
                log: "\(directory)/pg_ctl.log")
            if status == 0 {
                port = candidate
                return
            }
            lastFailure = tail("\(directory)/server.log")
        }
        throw LaunchError("pg_ctl start failed: \(lastFailure)")
    }

    /// Stops the server (fast: open sessions are ended) and deletes the directory.
    func stop() {
        _ = try? Self.spawn(
            asServerUser: ["\(binaries)/pg_ctl", "-D", "\(directory)/data", "-m", "fast", "-w", "stop"],
            log: "/dev/null")
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// Runs a program (as `postgres` when we are root) and waits for it; returns its exit status.
    private static func spawn(asServerUser arguments: [String], log: String) throws -> Int32 {
        var argv = arguments
        if getuid() == 0 {
            argv = FileManager.default.isExecutableFile(atPath: "/usr/sbin/runuser")
                ? ["/usr/sbin/runuser", "-u", "postgres", "--"] + argv
                : ["/usr/bin/setpriv", "--reuid=postgres", "--regid=postgres", "--init-groups"] + argv
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, log, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        // Nothing else of the test process's: pg_ctl leaves a server running for the whole run,
        // and a pipe it inherited (another test's child's stdin, say) would never see its end.
        // (Swift does not import `posix_spawn_file_actions_addclosefrom_np`.)
        let open = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        for fd in open.compactMap(Int32.init) where fd > 2 { posix_spawn_file_actions_addclose(&actions, fd) }
        let cArguments = argv.map { strdup($0) } + [nil]
        let cEnvironment = ProcessInfo.processInfo.environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for pointer in cArguments + cEnvironment { free(pointer) } }
        var pid = pid_t()
        let spawned = posix_spawn(&pid, argv[0], &actions, nil, cArguments, cEnvironment)
        guard spawned == 0 else { throw LaunchError("could not start \(argv[0]) (error \(spawned))") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        // WIFEXITED / WEXITSTATUS, which Swift does not import as functions.
        return (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    }

    /// A loopback port nobody listens on right now.
    private static func freePort() throws -> Int {
        #if canImport(Glibc)
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { throw LaunchError("socket() failed (errno \(errno))") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
                bind(fd, raw, length) == 0 && getsockname(fd, raw, &length) == 0
            }
        }
        guard bound else { throw LaunchError("could not find a free port (errno \(errno))") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// The end of a log file, for error messages.
    private func tail(_ path: String) -> String {
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? "(no log)"
        return String(text.suffix(1500))
    }
}

/// Why a throwaway PostgreSQL could not be started.
public struct LaunchError: Error, CustomStringConvertible, Sendable {
    /// What went wrong.
    public let description: String

    init(_ description: String) { self.description = description }
}
