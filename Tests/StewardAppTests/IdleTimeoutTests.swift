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
        try await LiveServer.run(yaml: "server:\n  idleTimeoutSeconds: 1\n", prefix: "steward-idle") { built, port in
            #expect(built.configuration.server.idleTimeoutSeconds == 1)
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
        do {
            try await channel.writeAndFlush(ByteBuffer(string: request)).get()
        } catch ChannelError.ioOnClosedChannel {
            // A loaded machine may take longer than the idle timeout to send: the server closed
            // the silent connection first, which is what is tested.
        }
        let limit = channel.eventLoop.scheduleTask(in: .seconds(5)) { channel.close(promise: nil) }
        try await channel.closeFuture.get()
        limit.cancel()
        let limitRan = (try? await limit.futureResult.get()) != nil
        return (ContinuousClock.now - started, !limitRan)
    }
}
