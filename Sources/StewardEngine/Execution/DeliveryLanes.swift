import Foundation

/// How many deliveries run at once to one receiver (scheme, host and port); the rest wait their
/// turn here, before their timeout starts.
///
/// The HTTP client keeps a bounded pool of connections per host and queues requests beyond it
/// inside its own deadline, so in a burst an attempt could time out before it was ever sent and
/// be recorded as the agent's failure (a breaker tripped by Steward's own queue). Waiting here
/// instead keeps `timeoutMs` what executors.md says it is: from connecting to the last byte.
public actor DeliveryLanes {
    /// The lanes of the process's one delivery client.
    public static let shared = DeliveryLanes(perReceiver: DeliveryClient.connectionsPerHost)

    private let perReceiver: Int
    private var running: [String: Int] = [:]
    private var waiting: [String: [CheckedContinuation<Void, Never>]] = [:]

    /// Lanes allowing `perReceiver` deliveries at once to each receiver.
    public init(perReceiver: Int) { self.perReceiver = max(1, perReceiver) }

    /// The receiver a URL delivers to, as lanes are kept: `scheme://host:port`; nil for a URL
    /// that is not http or https with a host.
    public nonisolated static func receiver(of url: String) -> String? {
        guard let parsed = URL(string: url), let scheme = parsed.scheme?.lowercased(), scheme == "http" || scheme == "https",
            let host = parsed.host, !host.isEmpty
        else { return nil }
        return "\(scheme)://\(host.lowercased()):\(parsed.port ?? (scheme == "https" ? 443 : 80))"
    }

    /// How many deliveries to `receiver` hold a lane now.
    public func running(to receiver: String) -> Int { running[receiver, default: 0] }

    /// Runs `body` once a lane to `receiver` is free.
    public func run<T: Sendable>(_ receiver: String, _ body: @Sendable () async -> T) async -> T {
        await acquire(receiver)
        let result = await body()
        release(receiver)
        return result
    }

    private func acquire(_ receiver: String) async {
        if running[receiver, default: 0] < perReceiver {
            running[receiver, default: 0] += 1
            return
        }
        await withCheckedContinuation { waiting[receiver, default: []].append($0) }
    }

    private func release(_ receiver: String) {
        if var queue = waiting[receiver], !queue.isEmpty {
            let next = queue.removeFirst()
            waiting[receiver] = queue.isEmpty ? nil : queue
            next.resume()  // the lane passes to the waiter
        } else {
            running[receiver, default: 1] -= 1
            if running[receiver] == 0 { running[receiver] = nil }
        }
    }
}
