import ServiceLifecycle

/// The loop of a periodic service: a round every interval of its clock until shutdown.
enum Rounds {
    /// Runs `round` every `interval` of `clock` until graceful shutdown or cancellation.
    static func every<C: Clock>(_ interval: Duration, on clock: C, _ round: () async -> Void) async where C.Duration == Duration {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            await round()
            do {
                try await cancelWhenGracefulShutdown { try await clock.sleep(for: interval) }
            } catch {
                break
            }
        }
    }
}
