import Foundation

/// `steward-data/admin.key`: the first admin key, readable by its owner only.
enum AdminKeyFile {
    static func write(_ token: String, dataDir: String) throws(StartupError) {
        let path = dataDir + "/admin.key"
        guard FileManager.default.createFile(atPath: path, contents: Data((token + "\n").utf8), attributes: [.posixPermissions: 0o600]) else {
            throw StartupError("cannot write the admin key to \(path)")
        }
    }
}
