import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// A real HTTP server on 127.0.0.1 standing in for an agent or a notification endpoint: it records
/// every request under its own path prefix and answers from a script. A request without the prefix
/// (another test's late retry to a port the system has since given to this server) gets 404 and
/// is neither recorded nor answered from the script.
struct TestAgent: Sendable {
    /// One request as the server saw it.
    struct Received: Sendable {
        var path: String
        var headers: HTTPFields
        var body: [UInt8]

        func header(_ name: String) -> String? { HTTPField.Name(name).flatMap { headers[$0] } }
    }

    /// How to answer one request.
    struct Reply: Sendable {
        var status: Int
        var body: String = #"{"ok":true}"#
        var delay: Duration = .zero
        /// A `Location` header, for redirects.
        var location: String? = nil
    }

    actor Recorder {
        private(set) var requests: [Received] = []
        private var script: [Reply]

        init(_ script: [Reply]) { self.script = script }

        /// Records `request` and returns the next scripted reply; once the script is spent, 200.
        func record(_ request: Received) -> Reply {
            requests.append(request)
            return script.isEmpty ? Reply(status: 200) : script.removeFirst()
        }
    }

    let port: Int
    let recorder: Recorder
    /// The path prefix of this server's requests, unique to it.
    let prefix: String

    /// `http://127.0.0.1:<port>/<prefix>` followed by `path`; requests record `path` alone.
    func url(_ path: String = "/hook") -> String { "http://127.0.0.1:\(port)\(prefix)\(path)" }

    var requests: [Received] { get async { await recorder.requests } }

    /// Runs a server answering with `script` for the duration of `body`.
    static func withAgent<T: Sendable>(
        _ script: [Reply] = [], _ body: @Sendable (TestAgent) async throws -> T
    ) async throws -> T {
        let recorder = Recorder(script)
        let prefix = "/agent-" + UUID().uuidString.lowercased()
        let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
        let responder = CallbackResponder<BasicRequestContext> { request, _ in
            let bytes = try await request.body.collect(upTo: 4 << 20)
            let path = request.head.path ?? ""
            guard path.hasPrefix(prefix) else { return Response(status: .notFound) }
            let received = Received(path: String(path.dropFirst(prefix.count)), headers: request.headers, body: Array(bytes.readableBytesView))
            let reply = await recorder.record(received)
            if reply.delay > .zero { try await Task.sleep(for: reply.delay) }
            var headers: HTTPFields = [.contentType: "application/json"]
            if let location = reply.location { headers[.location] = location }
            return Response(
                status: HTTPResponse.Status(code: reply.status), headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: reply.body)))
        }
        var logger = Logger(label: "test-agent")
        logger.logLevel = .critical
        let app = Application(
            responder: responder, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in portContinuation.yield(channel.localAddress?.port ?? 0) }, logger: logger)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await app.runService(gracefulShutdownSignals: []) }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next(), port > 0 else { throw TestAgentError() }
            defer { group.cancelAll() }
            return try await body(TestAgent(port: port, recorder: recorder, prefix: prefix))
        }
    }

    /// A port on 127.0.0.1 that refuses connections: bound by a socket that never listens and stays
    /// open for the rest of the run, so no other test's server can be given the same port (a port
    /// freed by a stopped server could be, and then caught another test's requests).
    static func closedPort() async throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw TestAgentError() }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound else { throw TestAgentError() }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

struct TestAgentError: Error {}

extension Logger {
    /// A logger that stays quiet unless something is badly wrong.
    static let quiet: Logger = {
        var logger = Logger(label: "steward-test")
        logger.logLevel = .critical
        return logger
    }()
}
