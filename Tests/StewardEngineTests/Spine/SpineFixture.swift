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

    /// - Parameter wrap: what the spine commits and reads through, over the SQLite file (the file itself by default).
    init(
        configuration: StewardConfiguration = .default, prefix: String = "steward-spine", wrap: (any Store) -> any Store = { $0 },
        recordingDelays: [Duration] = ActionRunner.recordingDelays
    ) throws {
        directory = try TemporaryDirectory(prefix: prefix)
        store = try SQLiteStore(path: directory.file("steward.sqlite"))
        clock = TestClock()
        let counter = IDCounter()
        spine = try SpineAssembly(
            store: wrap(store), configuration: configuration, revision: "test-rev", clock: clock, logger: Logger(label: "test"),
            client: nil, newID: { counter.next() }, recordingDelays: recordingDelays).spine
    }

    /// Another spine over the same file, with the same configuration: another request, or another replica.
    func otherSpine(configuration: StewardConfiguration) throws -> ActionSpine {
        let counter = IDCounter()
        return try SpineAssembly(
            store: store, configuration: configuration, revision: "test-rev", clock: clock, logger: Logger(label: "test"),
            client: nil, newID: { "act_b" + counter.next().dropFirst(4) }).spine
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

/// The reason of the conflict `body` throws, or nil if it throws none.
func conflict(_ body: () async throws -> Void) async -> String? {
    do {
        try await body()
    } catch let error as SpineError {
        if case .conflict(let why) = error { return why }
    } catch {}
    return nil
}
