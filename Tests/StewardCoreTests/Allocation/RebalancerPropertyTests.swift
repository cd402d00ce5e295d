@testable import StewardCore
import Testing

/// Invariants of the rebalancer over thousands of generated fleets: slots are conserved, limits
/// hold, the plan does not depend on input order, and only below-floor donors are preempted.
@Suite("Concurrency rebalancer invariants")
struct RebalancerPropertyTests {
    struct Fleet {
        var loads: [AgentLoad]
        var limits: ConcurrencyLimits
        var sla: Int
        var floor: Double
        var priority: [Domain]
    }

    static func fleet(_ random: inout SeededGenerator) -> Fleet {
        let minimum = Int.random(in: 0...2, using: &random)
        let limits = ConcurrencyLimits(min: minimum, max: minimum + Int.random(in: 0...8, using: &random))
        let names = ["CRO", "CMO", "Content", "COO", "CEO", "SDR", "Ads", "Blog", "Ops"].shuffled(using: &random)
        let loads = names.prefix(Int.random(in: 1...8, using: &random)).map { name in
            let slots = Int.random(in: 0...(limits.max + 3), using: &random)
            return AgentLoad(
                agent: name, domain: Domain.allCases.randomElement(using: &random) ?? .revenue, slots: slots,
                slotsInUse: Int.random(in: 0...(slots + 1), using: &random),
                impactPointsPerHour: Bool.random(using: &random) ? Double(Int.random(in: 0...20, using: &random)) / 10 : Double.random(in: 0...40, using: &random),
                backlogAgeMinutes: Double(Int.random(in: 0...90, using: &random)),
                queueDepth: Int.random(in: 0...50, using: &random))
        }
        let priority = Array(Domain.allCases.shuffled(using: &random).prefix(Int.random(in: 0...5, using: &random)))
        return Fleet(
            loads: loads, limits: limits, sla: Int.random(in: 5...30, using: &random),
            floor: Double(Int.random(in: 0...30, using: &random)) / 10, priority: priority)
    }

    static func plan(_ fleet: Fleet, _ loads: [AgentLoad]) -> RebalancePlan {
        ConcurrencyRebalancer.plan(
            loads, limits: fleet.limits, queueSlaMinutes: fleet.sla, roiFloor: fleet.floor, priority: fleet.priority)
    }

    @Test("Conservation, bounds, order independence and preemption only below the floor", arguments: [1, 2, 3, 4] as [UInt64])
    func invariants(_ seed: UInt64) {
        var random = SeededGenerator(seed: seed)
        var seen = (receivers: 0, preemptions: 0, clamps: 0, unchanged: 0)
        for _ in 0..<500 {
            let fleet = Self.fleet(&random)
            let plan = Self.plan(fleet, fleet.loads)
            if plan.moves.contains(where: { $0.from != SlotMove.pool && $0.to != SlotMove.pool }) { seen.receivers += 1 }
            if !plan.preemptions.isEmpty { seen.preemptions += 1 }
            if plan.moves.contains(where: { $0.from == SlotMove.pool || $0.to == SlotMove.pool }) { seen.clamps += 1 }
            if !plan.changed { seen.unchanged += 1 }
            let limits = fleet.limits
            let before = Dictionary(uniqueKeysWithValues: fleet.loads.map { ($0.agent, $0.slots) })
            let clamped = before.mapValues { min(max($0, limits.min), limits.max) }

            // Every agent, within the limits.
            #expect(Set(plan.allocations.keys) == Set(before.keys))
            #expect(plan.allocations.values.allSatisfy { (limits.min...limits.max).contains($0) })
            // Slots only move; the pool only absorbs clamps.
            let fromPool = plan.moves.filter { $0.from == SlotMove.pool }.map(\.slots).reduce(0, +)
            let toPool = plan.moves.filter { $0.to == SlotMove.pool }.map(\.slots).reduce(0, +)
            #expect(plan.allocations.values.reduce(0, +) == before.values.reduce(0, +) + fromPool - toPool)
            #expect(clamped.values.reduce(0, +) == before.values.reduce(0, +) + fromPool - toPool)
            #expect(plan.moves.allSatisfy { $0.slots > 0 && $0.from != $0.to })
            // Same answer whatever the order.
            #expect(Self.plan(fleet, fleet.loads.shuffled(using: &random)) == plan)
            #expect(Self.plan(fleet, fleet.loads.reversed()) == plan)

            let sla = Double(fleet.sla)
            for load in fleet.loads {
                let roi = plan.roi[load.agent] ?? .nan
                let isReceiver = roi > fleet.floor && load.backlogAgeMinutes > sla
                let start = clamped[load.agent] ?? 0
                let end = plan.allocations[load.agent] ?? 0
                let given = plan.moves.filter { $0.from == load.agent && $0.to != SlotMove.pool }.map(\.slots).reduce(0, +)
                let busy = min(max(load.slotsInUse, 0), start)
                if isReceiver {
                    #expect(end >= start)
                    #expect(given == 0)
                    let wanted = ConcurrencyRebalancer.wantedSlots(
                        current: start, backlogAgeMinutes: load.backlogAgeMinutes, slaMinutes: fleet.sla, max: limits.max)
                    #expect(end <= wanted)
                } else {
                    #expect(end == start - given)
                    #expect(!plan.moves.contains { $0.to == load.agent && $0.from != SlotMove.pool })
                    if roi >= fleet.floor {
                        // Only idle slots leave a donor at or above the floor.
                        #expect(given <= start - busy)
                        #expect(!plan.preemptions.contains { $0.agent == load.agent })
                    }
                }
            }
            // A receiver short of what it wanted left nothing on the table.
            let receivers = fleet.loads.filter { (plan.roi[$0.agent] ?? 0) > fleet.floor && $0.backlogAgeMinutes > sla }
            let donors = fleet.loads.filter { donor in !receivers.contains { $0.agent == donor.agent } }
            for receiver in receivers {
                let start = clamped[receiver.agent] ?? 0
                let wanted = ConcurrencyRebalancer.wantedSlots(
                    current: start, backlogAgeMinutes: receiver.backlogAgeMinutes, slaMinutes: fleet.sla, max: limits.max)
                guard (plan.allocations[receiver.agent] ?? 0) < wanted else { continue }
                for donor in donors {
                    let end = plan.allocations[donor.agent] ?? 0
                    let busy = min(max(donor.slotsInUse, 0), clamped[donor.agent] ?? 0)
                    let idle = end - min(busy, end)
                    #expect(end == limits.min || idle == 0)
                    if (plan.roi[donor.agent] ?? 0) < fleet.floor { #expect(end == limits.min) }
                }
            }
        }
        // The generated fleets exercise every branch, so the invariants above are not vacuous.
        #expect(seen.receivers > 50 && seen.preemptions > 20 && seen.clamps > 50 && seen.unchanged > 20, "\(seen)")
    }

    @Test("throttleLowROI keeps the limits, conserves slots and only takes from agents below the floor", arguments: [7, 8] as [UInt64])
    func throttleInvariants(_ seed: UInt64) {
        var random = SeededGenerator(seed: seed)
        for _ in 0..<500 {
            let fleet = Self.fleet(&random)
            let reserve = Int.random(in: 0...3, using: &random)
            let plan = ConcurrencyRebalancer.throttleLowROI(
                fleet.loads, reserveSlots: reserve, roiFloor: fleet.floor, limits: fleet.limits, priority: fleet.priority)
            let limits = fleet.limits
            let before = fleet.loads.map(\.slots).reduce(0, +)
            let fromPool = plan.moves.filter { $0.from == SlotMove.pool }.map(\.slots).reduce(0, +)
            let toPool = plan.moves.filter { $0.to == SlotMove.pool }.map(\.slots).reduce(0, +)
            #expect(plan.allocations.values.reduce(0, +) == before + fromPool - toPool)
            #expect(plan.allocations.values.allSatisfy { (limits.min...limits.max).contains($0) })
            let reversed = ConcurrencyRebalancer.throttleLowROI(
                fleet.loads.reversed(), reserveSlots: reserve, roiFloor: fleet.floor, limits: fleet.limits, priority: fleet.priority)
            #expect(reversed == plan)
            for load in fleet.loads {
                let roi = plan.roi[load.agent] ?? 0
                let clamped = min(max(load.slots, limits.min), limits.max)
                let end = plan.allocations[load.agent] ?? 0
                if roi < fleet.floor {
                    #expect(end == min(clamped, max(reserve, limits.min)))
                } else {
                    #expect(end >= clamped)
                    #expect(!plan.preemptions.contains { $0.agent == load.agent })
                }
                if roi <= fleet.floor { #expect(!plan.moves.contains { $0.to == load.agent && $0.from != SlotMove.pool }) }
            }
        }
    }
}
