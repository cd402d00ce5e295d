import Foundation
import HummingbirdTesting
import Logging
import StewardApp
import StewardTestSupport

/// The real server built from a `steward.yaml` holding `yaml`, its data in a temporary folder,
/// listening on a loopback port for the length of `body`.
enum LiveServer {
    static func run(
        yaml: String, prefix: String, _ body: @Sendable (StewardApplication.Built, _ port: Int) async throws -> Void
    ) async throws {
        let dir = try TemporaryDirectory(prefix: prefix)
        defer { dir.remove() }
        let config = dir.file("steward.yaml")
        try yaml.write(toFile: config, atomically: true, encoding: .utf8)
        let built = try await StewardApplication.build(
            options: ServeOptions(configPath: config, port: 0, dataDir: dir.file("data")), logger: Logger(label: "t"))
        try await built.app.test(.live) { client in
            guard let port = client.port else { throw LiveServerError() }
            try await body(built, port)
        }
    }

    /// The test client had no port: the server is not on loopback.
    struct LiveServerError: Error {}
}
