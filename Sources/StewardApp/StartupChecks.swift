import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Checks made before anything is created, so a refused start leaves nothing half-made.
enum StartupChecks {
    /// The data directory exists (or can be created) and is writable; returns whether it was
    /// created now, so a later failure can remove it again.
    @discardableResult
    static func dataDirectory(_ path: String) throws(StartupError) -> Bool {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        if manager.fileExists(atPath: path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw StartupError("data directory \(path) is a file, not a directory") }
            guard access(path, W_OK | X_OK) == 0 else { throw StartupError("data directory \(path) is not writable by this user") }
            return false
        }
        do {
            try manager.createDirectory(atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            let underlying = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError
            let reason = underlying.map { String(cString: strerror(Int32($0.code))) } ?? "the parent directory is missing or not writable"
            throw StartupError("data directory \(path) cannot be created: \(reason)")
        }
        return true
    }

    /// The address can be bound (nobody else listens there); port 0 always can.
    static func portIsFree(host: String, port: Int) throws(StartupError) {
        guard port != 0 else { return }
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_PASSIVE
        var result: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &result) == 0, let info = result else {
            throw StartupError("cannot listen on \(host):\(port): the host name does not resolve")
        }
        defer { freeaddrinfo(result) }
        let fd = socket(info.pointee.ai_family, info.pointee.ai_socktype, info.pointee.ai_protocol)
        guard fd >= 0 else { return }
        defer { close(fd) }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        if bind(fd, info.pointee.ai_addr, info.pointee.ai_addrlen) != 0 {
            let reason = errno == EADDRINUSE ? "the port is already in use" : String(cString: strerror(errno))
            throw StartupError("cannot listen on \(host):\(port): \(reason)")
        }
    }

    /// Whether a host is a loopback address (where `--no-auth` is allowed).
    static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host == "[::1]" || host.hasPrefix("127.")
    }
}
