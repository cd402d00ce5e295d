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
            // Headers never finished, and a body that stalls after 4 of its 100 bytes.
            let halfSent = [
                "GET /healthz HTTP/1.1\r\nHost: x\r\nX-a: ",
                "POST /ui/sign-in HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\nkey=",
            ]
            try await withThrowingTaskGroup(of: (Duration, closedByServer: Bool).self) { group in
                for request in halfSent {
                    group.addTask { try await Self.waitForClose(port: port, sending: request) }
                }
                for try await (waited, closedByServer) in group {
                    #expect(closedByServer, "the server closed it, not the test's own limit")
                    #expect(waited >= .seconds(1), "closed by the idle timeout, not refused at once")
                }
            }
        }
    }

    /// Sends `request` and waits for the connection to close. The test gives up (closing it
    /// itself) after 5 s, so a server that never closes fails the test instead of hanging it.
    static func waitForClose(port: Int, sending request: String) async throws -> (Duration, closedByServer: Bool) {
        let started = ContinuousClock.now
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton).connect(host: "localhost", port: port).get()
        try await channel.writeAndFlush(ByteBuffer(string: request)).get()
        let limit = channel.eventLoop.scheduleTask(in: .seconds(5)) { channel.close(promise: nil) }
        try await channel.closeFuture.get()
        limit.cancel()
        let limitRan = (try? await limit.futureResult.get()) != nil
        return (ContinuousClock.now - started, !limitRan)
    }
}
