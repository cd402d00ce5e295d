import Foundation

/// `steward-data/admin.key`: the first admin key, readable by its owner only.
enum AdminKeyFile {
    /// Writes the token into a file created with mode 0600, so no other user can read it at any
    /// moment (Foundation's `createFile` writes a temporary file with the umask's mode first).
    static func write(_ token: String, dataDir: String) throws(StartupError) {
        let path = dataDir + "/admin.key"
        func refuse(_ what: String) -> StartupError {
            StartupError("cannot write the admin key to \(path): \(what): \(String(cString: strerror(errno)))")
        }
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw refuse("open") }
        defer { close(fd) }
        // A file left by an earlier start keeps its mode through O_CREAT; set it before writing.
        guard fchmod(fd, 0o600) == 0 else { throw refuse("chmod") }
        let bytes = Array((token + "\n").utf8)
        var written = 0
        while written < bytes.count {
            let n = bytes[written...].withUnsafeBytes { Foundation.write(fd, $0.baseAddress, $0.count) }
            guard n > 0 else { throw refuse("write") }
            written += n
        }
        guard fsync(fd) == 0 else { throw refuse("fsync") }
    }
}
