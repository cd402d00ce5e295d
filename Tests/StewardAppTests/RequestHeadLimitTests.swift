import Foundation
import NIOCore
import NIOPosix
import Testing
import StewardApp
import StewardCore

/// A request head too long to read, or not HTTP at all, is answered with a problem document
/// (414 for the target, 431 for a header, 400 for what is not HTTP), and the server goes on
/// serving. Runs the real server on loopback, so the HTTP parser's own limits are in play.
@Suite("Request head limits")
struct RequestHeadLimitTests {
    @Test func aHeadTooLongOrNotHTTPGetsAProblemDocument() async throws {
        try await LiveServer.run(yaml: "server:\n  idleTimeoutSeconds: 5\n", prefix: "steward-head") { _, port in
            let long = String(repeating: "a", count: 100_000)
            let cases: [(request: String, status: Int, says: String)] = [
                ("GET /v1/actions?agent=\(long) HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 414, "the request target (path and query) is"),
                ("GET /v1/agents/\(long) HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 414, "the request target (path and query) is"),
                ("POST /v1/actions HTTP/1.1\r\nHost: x\r\nIdempotency-Key: \(long)\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
                 431, "the Idempotency-Key header is"),
                // Past the parser's own limit: it can no longer say which part was too long.
                ("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Padding: \(String(repeating: "p", count: 300_000))\r\n\r\n", 431, "are over 262144 bytes"),
                ("GET /healthz HTTP/1.1\r\nHost x\r\n\r\n", 400, "not valid HTTP/1.1"),
            ]
            for (request, status, says) in cases {
                let answer = try await Self.exchange(port: port, request)
                #expect(answer.status == status, "\(answer.head)")
                #expect(answer.head.lowercased().contains("content-type: application/problem+json"), "\(answer.head)")
                #expect(answer.head.lowercased().contains("x-content-type-options: nosniff"), "\(answer.head)")
                let document = try JSONReader.parse(Array(answer.body.utf8))
                #expect(document["status"] == .int(Int64(status)))
                #expect(document["type"]?.stringValue == "https://steward.dev/problems/\(status)")
                #expect(document["detail"]?.stringValue?.contains(says) == true, "\(answer.body)")
            }
            let alive = try await Self.exchange(port: port, "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            #expect(alive.status == 200, "the server goes on serving")
        }
    }

    /// QA r4 fuzz H1: a valid head whose body framing is broken (a chunk size that is not hex, a
    /// chunk without its CRLF) was a 500; it is the client's mistake, a 400 that changes nothing.
    @Test func brokenBodyFramingIsA400AndChangesNothing() async throws {
        try await LiveServer.run(yaml: "server:\n  idleTimeoutSeconds: 5\n", prefix: "steward-framing") { built, port in
            let key = try String(contentsOfFile: built.dataDir + "/admin.key", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
            let head = try await built.store.head(tenant: "default")
            for (body, says) in [("zz\r\nabc\r\n0\r\n\r\n", "chunk size"), ("5\r\nabcdefgh\r\n0\r\n\r\n", "framing")] {
                let answer = try await Self.exchange(port: port, "POST /v1/annotations HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(key)\r\n"
                    + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n" + body)
                #expect(answer.status == 400, "\(answer.head)")
                #expect(answer.head.lowercased().contains("content-type: application/problem+json"), "\(answer.head)")
                #expect(answer.body.contains("not valid HTTP/1.1 framing") && answer.body.contains(says), "\(answer.body)")
            }
            #expect(try await built.store.head(tenant: "default") == head)
        }
    }

    /// Sends `request` on a fresh connection and reads until the server closes it.
    static func exchange(port: Int, _ request: String) async throws -> (status: Int, head: String, body: String) {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton).connect(host: "127.0.0.1", port: port) { channel in
            channel.eventLoop.makeCompletedFuture { try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel) }
        }
        let text = try await channel.executeThenClose { inbound, outbound in
            try await outbound.write(ByteBuffer(string: request))
            var received = ByteBuffer()
            for try await var chunk in inbound { received.writeBuffer(&chunk) }
            return String(buffer: received)
        }
        let parts = text.components(separatedBy: "\r\n\r\n")
        let head = parts.first ?? ""
        let status = head.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
        return (status, head, parts.dropFirst().joined(separator: "\r\n\r\n"))
    }
}
