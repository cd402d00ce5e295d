import Foundation
import StewardCore
@testable import StewardSim

/// Scenarios and drivers shared by the fleet tests.
enum FleetTesting {
    /// 2026-01-05T00:00:00Z.
    static let start = Timestamp(millisecondsSinceEpoch: 1_767_571_200_000)

    /// A scenario where only `kind` strikes, at `rate` per agent per hour, never clearing by itself
    /// and never misleading, so a test sees the fault until something fixes it.
    static func only(_ kind: FaultKind, rate: Double = 2, agents: [SimAgentSpec] = Scenario.seedFleet) -> Scenario {
        var faults: [FaultKind: FaultParameters] = [:]
        for other in FaultKind.allCases {
            var parameters = FaultParameters.defaults(for: other)
            parameters.rate = other == kind ? rate : 0
            parameters.selfClearProbability = 0
            parameters.misleadingShare = 0
            parameters.fixableShare = 1
            faults[other] = parameters
        }
        return Scenario(name: "only-\(kind.rawValue)", agents: agents, proposalsPerAgentPerHour: 0, manualFixMinutes: 100_000, faults: faults)
    }

    /// The signals among `events`.
    static func signals(_ events: [FleetEvent]) -> [StatusSignal] {
        events.compactMap { event in
            if case .signal(let signal) = event { return signal }
            return nil
        }
    }

    /// Advances a minute at a time until some agent shows a failing signal of a fault of `kind`;
    /// returns that signal (nil after `hours`).
    static func firstFaultySignal(_ fleet: inout Fleet, kind: FaultKind, hours: Int = 12) -> StatusSignal? {
        var now = start
        for _ in 0..<(hours * 60) {
            now = now.adding(seconds: 60)
            for signal in signals(fleet.advance(to: now)) where signal.status != .healthy {
                if fleet.truth(agent: signal.agent)?.kind == kind.rawValue { return signal }
            }
        }
        return nil
    }

    /// A step for `agent`.
    static func step(_ type: String, _ agent: String, _ params: JSONValue = .object([:])) -> FleetStep {
        FleetStep(actionID: "act-\(type)-\(agent)", agent: agent, type: type, params: params)
    }

    /// The repository's root, from this file's place in `Tests/StewardSimTests/`.
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// A shipped scenario file's text.
    static func shippedScenario(_ name: String) throws -> String {
        try String(contentsOf: repositoryRoot.appendingPathComponent("examples/scenarios/\(name).yaml"), encoding: .utf8)
    }
}
