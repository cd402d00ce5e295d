@testable import StewardCore
import Testing

/// The `reallocateSlots`, `throttleAgent` and `throttleLowROI` primitives.
@Suite("Slot primitives")
struct SlotPrimitivesTests {
    static let limits = ConcurrencyLimits(min: 1, max: 8)
    static let fleet = ["CRO": 4, "CMO": 4, "Content": 1, "COO": 8]

    @Test("reallocateSlots moves what the limits allow and says what stopped it", arguments: [
        ("CMO", "CRO", 2, 2, "moved 2 slots from CMO to CRO"),
        ("CMO", "CRO", 1, 1, "moved 1 slot from CMO to CRO"),
        ("CMO", "COO", 2, 0, "moved 0 of 2 slots: COO is at the maximum of 8"),
        ("Content", "CRO", 2, 0, "moved 0 of 2 slots: Content is at the minimum of 1"),
        ("CMO", "CRO", 5, 3, "moved 3 of 5 slots: CMO is at the minimum of 1"),
        ("CMO", "CMO", 2, 0, "moved nothing: CMO cannot give slots to itself"),
        ("CMO", "CRO", 0, 0, "moved nothing: 0 slots were asked for"),
        ("CMO", "CRO", -3, 0, "moved nothing: -3 slots were asked for"),
    ])
    func reallocate(_ from: String, _ to: String, _ slots: Int, _ moved: Int, _ explanation: String) throws {
        let change = try ConcurrencyRebalancer.reallocate(
            from: from, to: to, slots: slots, allocations: Self.fleet, limits: Self.limits)
        #expect(change.moved == moved)
        #expect(change.explanation == explanation)
        #expect(change.allocations.values.reduce(0, +) == Self.fleet.values.reduce(0, +))
        if from != to {
            #expect(change.allocations[from] == (Self.fleet[from] ?? 0) - moved)
            #expect(change.allocations[to] == (Self.fleet[to] ?? 0) + moved)
        }
    }

    @Test("reallocateSlots names both limits when both bind")
    func bothLimits() throws {
        let change = try ConcurrencyRebalancer.reallocate(
            from: "CMO", to: "CRO", slots: 2, allocations: ["CMO": 2, "CRO": 7], limits: Self.limits)
        #expect(change.moved == 1)
        #expect(change.explanation == "moved 1 of 2 slots: CMO is at the minimum of 1 and CRO is at the maximum of 8")
        #expect(change.allocations == ["CMO": 1, "CRO": 8])
    }

    @Test("reallocateSlots from an agent already below the minimum says so")
    func belowMinimum() throws {
        let change = try ConcurrencyRebalancer.reallocate(
            from: "CMO", to: "CRO", slots: 1, allocations: ["CMO": 0, "CRO": 2], limits: Self.limits)
        #expect(change.moved == 0)
        #expect(change.explanation == "moved 0 of 1 slot: CMO has 0, below the minimum of 1")
    }

    @Test("Unknown agents are a typed error, not a crash", arguments: [("COO2", "CRO"), ("CMO", "Nobody")])
    func unknownAgents(_ from: String, _ to: String) {
        let unknown = Self.fleet[from] == nil ? from : to
        #expect(throws: AllocationError.unknownAgent(unknown)) {
            try ConcurrencyRebalancer.reallocate(from: from, to: to, slots: 1, allocations: Self.fleet, limits: Self.limits)
        }
        #expect(throws: AllocationError.unknownAgent(unknown)) {
            try ConcurrencyRebalancer.throttle(agent: unknown, maxConcurrent: 1, allocations: Self.fleet, limits: Self.limits)
        }
        #expect(AllocationError.unknownAgent(unknown).description.contains(unknown))
    }

    @Test("throttleAgent caps at maxConcurrent, never below the minimum; freed slots leave the allocation", arguments: [
        ("CMO", 1, 1, 3, "throttled CMO from 4 to 1 slot; 3 slots returned to the pool"),
        ("CMO", 0, 1, 3, "throttled CMO from 4 to 1 slot (0 was asked for, but the minimum is 1); 3 slots returned to the pool"),
        ("COO", 6, 6, 2, "throttled COO from 8 to 6 slots; 2 slots returned to the pool"),
        ("CRO", 4, 4, 0, "CRO already has 4 slots, within the cap of 4"),
        ("Content", 0, 1, 0, "Content already has 1 slot, within the cap of 1 (0 was asked for, but the minimum is 1)"),
    ])
    func throttle(_ agent: String, _ maxConcurrent: Int, _ after: Int, _ freed: Int, _ explanation: String) throws {
        let change = try ConcurrencyRebalancer.throttle(
            agent: agent, maxConcurrent: maxConcurrent, allocations: Self.fleet, limits: Self.limits)
        #expect(change.allocations[agent] == after)
        #expect(change.moved == freed)
        #expect(change.explanation == explanation)
        #expect(change.allocations.filter { $0.key != agent } == Self.fleet.filter { $0.key != agent })
    }

    @Test("throttleLowROI keeps the reserve on low-ROI agents and feeds the rest to high-ROI agents by priority")
    func throttleLowROI() {
        let loads = [
            AgentLoad(agent: "CMO", domain: .marketing, slots: 5, slotsInUse: 3, impactPointsPerHour: 0.3, backlogAgeMinutes: 0, queueDepth: 0),
            AgentLoad(agent: "CRO", domain: .revenue, slots: 6, slotsInUse: 6, impactPointsPerHour: 30, backlogAgeMinutes: 0, queueDepth: 0),
            AgentLoad(agent: "Content", domain: .content, slots: 2, slotsInUse: 2, impactPointsPerHour: 4, backlogAgeMinutes: 0, queueDepth: 0),
            AgentLoad(agent: "Blog", domain: .content, slots: 3, slotsInUse: 0, impactPointsPerHour: 0, backlogAgeMinutes: 0, queueDepth: 0),
        ]
        let plan = ConcurrencyRebalancer.throttleLowROI(loads, reserveSlots: 1, roiFloor: 0.2, limits: Self.limits)
        // Blog (ROI 0) gives first: 2 to CRO (up to 8); then CMO (ROI 0.1): 4 to Content (up to 6).
        #expect(plan.allocations == ["CMO": 1, "CRO": 8, "Content": 6, "Blog": 1])
        #expect(plan.moves.map { "\($0.from)>\($0.to):\($0.slots)" } == ["Blog>CRO:2", "CMO>Content:4"])
        #expect(plan.preemptions.map(\.agent) == ["CMO"])
        #expect(plan.preemptions.first?.slots == 2)
        #expect(plan.moves[0].reason == "Blog throttled to its reserve of 1 slot (ROI 0 below the floor 0.2); 2 slots to CRO (Revenue, ROI 5)")
    }

    @Test("throttleLowROI returns to the pool what no agent above the floor can take")
    func throttleToPool() {
        let loads = [
            AgentLoad(agent: "CMO", domain: .marketing, slots: 5, slotsInUse: 1, impactPointsPerHour: 0.1, backlogAgeMinutes: 0, queueDepth: 0),
            AgentLoad(agent: "CRO", domain: .revenue, slots: 7, slotsInUse: 7, impactPointsPerHour: 30, backlogAgeMinutes: 0, queueDepth: 0),
        ]
        let plan = ConcurrencyRebalancer.throttleLowROI(loads, reserveSlots: 2, roiFloor: 0.2, limits: Self.limits)
        #expect(plan.allocations == ["CMO": 2, "CRO": 8])
        #expect(plan.moves.map { "\($0.from)>\($0.to):\($0.slots)" } == ["CMO>CRO:1", "CMO>(pool):2"])
        #expect(plan.preemptions.isEmpty)
        #expect(plan.moves[1].reason.hasSuffix("2 slots back to the pool: no agent above the floor has room"))
    }
}
