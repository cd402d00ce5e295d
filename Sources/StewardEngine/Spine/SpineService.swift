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
        var days = DigestDays()
        await Rounds.every(interval, on: clock) { days = await tick(days) }
        await spine.runner.waitUntilIdle()
        await lease.release()
    }

    /// The days whose digests this replica has published (at the hour) and completed (the next day).
    public struct DigestDays: Sendable, Hashable {
        /// The day whose digests went out at the digest hour.
        public var published: String?
        /// The day whose digests were completed, or made if the hour was missed.
        public var completed: String?

        /// Nothing done yet.
        public init() {}
    }

    /// One round; returns the days whose digests are done.
    public func tick(_ days: DigestDays) async -> DigestDays {
        let now = wallClock.now()
        let ttl = Int64(interval.components.seconds * 3_000 + 1_000)
        guard await lease.hold(now: now, ttlMilliseconds: ttl) else { return days }
        var days = days
        do {
            // The last days' digests first, before deferred runs are decided again: what autopilot
            // did after they went out (or all of it, if no replica was up at the hour) is told
            // before today's scheduled runs go on.
            let yesterday = now.startOfUTCDay.adding(milliseconds: -1).utcDay
            var digestsMade = false
            if days.completed != yesterday {
                for day in AccountDigest.lookBack(before: now) {
                    let count = try await spine.publishDigests(date: day, completing: true)
                    if count > 0 { logger.info("daily digests made or completed", metadata: ["day": "\(day)", "count": "\(count)"]) }
                    digestsMade = digestsMade || count > 0
                }
                days.completed = yesterday
            }
            let report = try await spine.sweep(digestsMade: digestsMade)
            if report != ActionSpine.SweepReport() {
                logger.info("spine sweep", metadata: [
                    "expired": "\(report.expired)", "redecided": "\(report.redecided)", "recovered": "\(report.recovered)",
                ])
            }
            let day = now.utcDay
            let hour = Int((now.millisecondsSinceEpoch - now.startOfUTCDay.millisecondsSinceEpoch) / 3_600_000)
            if days.published != day, hour >= spine.rules.configuration.notifications.digestHourUTC {
                let count = try await spine.publishDigests(date: day)
                logger.info("daily digests published", metadata: ["day": "\(day)", "count": "\(count)"])
                days.published = day
            }
        } catch {
            logger.error("spine sweep failed", metadata: ["error": "\(error)"])
        }
        return days
    }
}
