import Logging
import StewardCore
import StewardEngine
import StewardSQLite
import StewardTestSupport

/// A spine over a real SQLite file, with a test clock and counted ids.
struct SpineFixture {
    let directory: TemporaryDirectory
    let store: SQLiteStore
    let clock: TestClock
    let spine: ActionSpine

    init(configuration: StewardConfiguration = .default, prefix: String = "steward-spine") throws {
        directory = try TemporaryDirectory(prefix: prefix)
        store = try SQLiteStore(path: directory.file("steward.sqlite"))
        clock = TestClock()
        let counter = IDCounter()
        spine = try SpineAssembly(
            store: store, configuration: configuration, revision: "test-rev", clock: clock, logger: Logger(label: "test"),
            client: nil, newID: { counter.next() }).spine
    }

    func close() { directory.remove() }

    func propose(
        _ type: String, account: String? = "acme", agent: String = "CRO", trigger: ProposalTrigger = .agent,
        params: JSONValue = ["text": "hello"]
    ) async throws -> ActionRecord {
        let proposal = ActionProposal(
            id: spine.makeID(), tenant: "default", agent: agent, account: account, type: type, params: params, trigger: trigger)
        return try await spine.propose(proposal, actor: "key:test")
    }

    /// A configuration in autopilot with the given changes.
    static func autopilot(_ change: (inout StewardConfiguration) -> Void = { _ in }) -> StewardConfiguration {
        var c = StewardConfiguration.default
        c.autonomy.mode = .autopilot
        change(&c)
        return c
    }
}

/// Sequential action ids, so tests read like logs.
final class IDCounter: Sendable {
    private let value = Mutex(0)
    func next() -> String {
        value.withLock { n in
            n += 1
            return "act_\(String(format: "%04d", n))"
        }
    }
}

import Foundation
import Synchronization
