public import Logging
public import ServiceLifecycle
public import StewardCore

/// The spine's periodic work as a service: on the replica that holds the `spine` lease, sweep
/// (expiries, deferred actions, interrupted executions) every interval and publish each day's
/// digests at the configured hour. Time comes from the injected clock, so a simulation can run a
/// week in seconds.
public struct SpineService<C: Clock>: Service where C.Duration == Duration {
    let spine: ActionSpine
    let store: any Store
    let clock: C
    let wallClock: any WallClock
    let interval: Duration
    let holder: String
    let logger: Logger
    let lease: LeaseHold

    /// A service sweeping every `interval` of `clock`.
    public init(spine: ActionSpine, store: any Store, clock: C, wallClock: any WallClock, interval: Duration = .seconds(5), holder: String, logger: Logger) {
        self.spine = spine
        self.store = store
        self.clock = clock
        self.wallClock = wallClock
        self.interval = interval
        self.holder = holder
        self.logger = logger
        lease = LeaseHold("spine", holder: holder, store: store)
    }

    /// Runs until shutdown.
    public func run() async throws {
        var published: String?
        await Rounds.every(interval, on: clock) { published = await tick(published: published) }
        await spine.runner.waitUntilIdle()
        await lease.release()
    }

    /// One round; returns the last day whose digests were published.
    public func tick(published: String?) async -> String? {
        let now = wallClock.now()
        let ttl = Int64(interval.components.seconds * 3_000 + 1_000)
        guard await lease.hold(now: now, ttlMilliseconds: ttl) else { return published }
        do {
            let report = try await spine.sweep()
            if report != ActionSpine.SweepReport() {
                logger.info("spine sweep", metadata: [
                    "expired": "\(report.expired)", "redecided": "\(report.redecided)", "recovered": "\(report.recovered)",
                ])
            }
            let day = now.utcDay
            let hour = Int((now.millisecondsSinceEpoch - now.startOfUTCDay.millisecondsSinceEpoch) / 3_600_000)
            if published != day, hour >= spine.rules.configuration.notifications.digestHourUTC {
                let count = try await spine.publishDigests(date: day)
                logger.info("daily digests published", metadata: ["day": "\(day)", "count": "\(count)"])
                return day
            }
        } catch {
            logger.error("spine sweep failed", metadata: ["error": "\(error)"])
        }
        return published
    }
}
