public import StewardCore
import Synchronization

/// A token bucket per agent: a flood from one agent gets 429 without slowing the others.
public final class SignalRateLimit: Sendable {
    private struct Bucket {
        var tokens: Double
        var at: Int64
    }

    private let rate: Double
    /// The most signals one agent may send at once: a batch carrying more can never pass.
    public let burst: Double
    private let clock: any WallClock
    private let buckets = Mutex<[String: Bucket]>([:])

    /// `rate` signals per second per agent, with bursts of twice that.
    public init(ratePerSecond: Double, clock: any WallClock) {
        rate = ratePerSecond
        burst = max(1, ratePerSecond * 2)
        self.clock = clock
    }

    /// Why a request was refused: the agent that has to wait longest, and for how many seconds.
    public struct Refusal: Sendable, Hashable {
        /// The agent.
        public var agent: String
        /// Whole seconds until it could send its share of the request.
        public var waitSeconds: Int
    }

    /// Takes `counts[agent]` tokens for every agent, all or none; on refusal, the agent that
    /// waits longest and the seconds until it could send them. A count above `burst` never fits:
    /// callers refuse it before asking.
    public func take(_ counts: [String: Int], tenant: String) -> Refusal? {
        let now = clock.now().millisecondsSinceEpoch
        return buckets.withLock { buckets in
            var refill: [String: Bucket] = [:]
            var wait = 0.0
            var waiting = ""
            for (agent, count) in counts.sorted(by: { $0.key < $1.key }) {
                let key = "\(tenant)/\(agent)"
                var bucket = buckets[key] ?? Bucket(tokens: burst, at: now)
                bucket.tokens = min(burst, bucket.tokens + Double(max(0, now - bucket.at)) / 1000 * rate)
                bucket.at = now
                let need = Double(count)
                if need > bucket.tokens, (need - bucket.tokens) / rate > wait {
                    wait = (need - bucket.tokens) / rate
                    waiting = agent
                }
                bucket.tokens -= need
                refill[key] = bucket
            }
            guard wait == 0 else { return Refusal(agent: waiting, waitSeconds: max(1, Int(wait.rounded(.up)))) }
            for (key, bucket) in refill { buckets[key] = bucket }
            if buckets.count > 100_000 { buckets = buckets.filter { now - $0.value.at < 60_000 } }
            return nil
        }
    }
}
