public import StewardCore
import Synchronization

/// A token bucket per agent: a flood from one agent gets 429 without slowing the others.
public final class SignalRateLimit: Sendable {
    private struct Bucket {
        var tokens: Double
        var at: Int64
    }

    private let rate: Double
    private let burst: Double
    private let clock: any WallClock
    private let buckets = Mutex<[String: Bucket]>([:])

    /// `rate` signals per second per agent, with bursts of twice that.
    public init(ratePerSecond: Double, clock: any WallClock) {
        rate = ratePerSecond
        burst = max(1, ratePerSecond * 2)
        self.clock = clock
    }

    /// Takes `counts[agent]` tokens for every agent, all or none; on refusal, the seconds until
    /// the fullest-waiting agent could send them.
    public func take(_ counts: [String: Int], tenant: String) -> Int? {
        let now = clock.now().millisecondsSinceEpoch
        return buckets.withLock { buckets in
            var refill: [String: Bucket] = [:]
            var wait = 0.0
            for (agent, count) in counts {
                let key = "\(tenant)/\(agent)"
                var bucket = buckets[key] ?? Bucket(tokens: burst, at: now)
                bucket.tokens = min(burst, bucket.tokens + Double(max(0, now - bucket.at)) / 1000 * rate)
                bucket.at = now
                let need = Double(count)
                if need > bucket.tokens { wait = max(wait, (need - bucket.tokens) / rate) }
                bucket.tokens -= need
                refill[key] = bucket
            }
            guard wait == 0 else { return max(1, Int(wait.rounded(.up))) }
            for (key, bucket) in refill { buckets[key] = bucket }
            if buckets.count > 100_000 { buckets = buckets.filter { now - $0.value.at < 60_000 } }
            return nil
        }
    }
}
