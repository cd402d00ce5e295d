import Foundation
import HTTPTypes
import HummingbirdTesting
import Logging
import NIOCore
import NIOPosix
import Testing
import StewardApp
import StewardCore
import StewardTestSupport

/// A connection that stops sending mid-request (slowloris) is closed after `server.idleTimeoutSeconds`
/// instead of being held open for as long as the client likes. Runs the real server on loopback.
@Suite("Idle connections")
struct IdleTimeoutTests {
    @Test func aHalfSentRequestIsClosedAfterTheIdleTimeout() async throws {
        let dir = try TemporaryDirectory(prefix: "steward-idle")
        defer { dir.remove() }
        let config = dir.file("steward.yaml")
        try "server:\n  idleTimeoutSeconds: 1\n".write(toFile: config, atomically: true, encoding: .utf8)
        let built = try await StewardApplication.build(
            options: ServeOptions(configPath: config, port: 0, dataDir: dir.file("data")), logger: Logger(label: "t"))
        #expect(built.configuration.server.idleTimeoutSeconds == 1)

        try await built.app.test(.live) { client in
            let port = try #require(client.port)
            // Whole requests are answered (before the test client's own connection idles out).
            let health = try await client.execute(uri: "/healthz", method: .get)
            #expect(health.status == .ok)
            // Headers never finished, and a body that stalls after 4 of its 100 bytes.
            let halfSent = [
                "GET /healthz HTTP/1.1\r\nHost: x\r\nX-a: ",
                "POST /ui/sign-in HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\nkey=",
            ]
            try await withThrowingTaskGroup(of: Duration.self) { group in
                for request in halfSent {
                    group.addTask { try await Self.secondsUntilClosed(port: port, sending: request) }
                }
                for try await waited in group {
                    #expect(waited >= .milliseconds(900), "closed by the idle timeout, not refused at once")
                    #expect(waited < .milliseconds(2_500), "closed by the server, not by the test's own limit")
                }
            }
        }
    }

    /// Sends `request` and waits for the server to close the connection; the test itself gives up
    /// (closing it) after 3 s, so a server that never closes fails the test instead of hanging it.
    static func secondsUntilClosed(port: Int, sending request: String) async throws -> Duration {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton).connect(host: "localhost", port: port).get()
        let started = ContinuousClock.now
        try await channel.writeAndFlush(ByteBuffer(string: request)).get()
        let limit = channel.eventLoop.scheduleTask(in: .seconds(3)) { channel.close(promise: nil) }
        try await channel.closeFuture.get()
        limit.cancel()
        return ContinuousClock.now - started
    }
}
