import Testing
import StewardCore
@testable import StewardEngine
import StewardSQLite
import StewardTestSupport

/// A periodic duty's lease: released at shutdown, another replica takes the duty at its next
/// round rather than when the lease would have run out (QA: a restart stalled some duties 15 min).
@Suite("Lease hold")
struct LeaseHoldTests {
    @Test func aReleasedLeaseIsTakenByTheNextReplicaAtOnce() async throws {
        let dir = try TemporaryDirectory(prefix: "steward-lease-hold")
        defer { dir.remove() }
        let store = try SQLiteStore(path: dir.file("s.sqlite"))
        let clock = TestClock()
        let first = LeaseHold("baselines", holder: "replica-a", store: store), second = LeaseHold("baselines", holder: "replica-b", store: store)
        #expect(await first.hold(now: clock.now(), ttlMilliseconds: 900_000))
        #expect(await second.hold(now: clock.now(), ttlMilliseconds: 900_000) == false)
        await first.release()
        #expect(await second.hold(now: clock.now(), ttlMilliseconds: 900_000))
        // Releasing a lease another replica holds now changes nothing.
        await first.release()
        #expect(await first.hold(now: clock.now(), ttlMilliseconds: 900_000) == false)
    }
}
