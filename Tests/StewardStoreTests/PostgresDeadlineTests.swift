#if canImport(Glibc)
import Glibc
#endif
import Logging
import StewardCore
import StewardPostgres
import Testing

/// While PostgreSQL does not answer, a read is refused at its deadline (503 to an API client)
/// instead of waiting for the pool to give up, which took over a minute (QA, replicas F1).
@Suite("PostgreSQL read deadline")
struct PostgresDeadlineTests {
    @Test func aReadTheServerNeverAnswersIsRefusedAtItsDeadline() async throws {
        let listener = try SilentListener()
        defer { listener.close() }
        let store = try PostgresStore(
            url: "postgres://steward@127.0.0.1:\(listener.port)/steward?sslmode=disable", logger: Logger(label: "test"),
            readDeadline: .milliseconds(300))
        let runner = Task { try await store.run() }
        defer { runner.cancel() }
        do {
            _ = try await store.projection(tenant: "default", collection: "agents", id: "CRO")
            Issue.record("a read answered by a server that says nothing")
        } catch {
            #expect(error.code == .unavailable)
            #expect(error.reason == "PostgreSQL did not answer within 0.3 seconds; send the request again", "\(error)")
        }
    }
}

/// A TCP port that accepts connections (in the kernel's backlog) and never says a word.
final class SilentListener {
    let descriptor: Int32
    let port: Int

    init() throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(descriptor, 16) == 0 else { throw ListenerError() }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        self.descriptor = descriptor
        self.port = Int(UInt16(bigEndian: address.sin_port))
    }

    func close() { _ = Glibc.close(descriptor) }

    struct ListenerError: Error {}
}
