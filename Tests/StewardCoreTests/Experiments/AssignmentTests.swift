import Testing
import StewardCore

@Suite("Experiment assignment")
struct AssignmentTests {
    @Test func theSameKeyAlwaysGetsTheSameArm() {
        for index in 0..<500 {
            let key = "customer-\(index)"
            let first = Assignment.arm(experimentID: "exp-1", key: key, trafficSplit: 0.3)
            #expect(Assignment.arm(experimentID: "exp-1", key: key, trafficSplit: 0.3) == first)
        }
    }

    @Test(arguments: [0.1, 0.3, 0.5, 0.9])
    func theTreatmentShareFollowsTheSplitOverTenThousandKeys(_ split: Double) {
        let treated = (0..<10_000).filter { Assignment.arm(experimentID: "exp-split", key: "k\($0)", trafficSplit: split) == .treatment }.count
        // Binomial standard deviation is at most 50 keys; allow four of them.
        #expect(abs(Double(treated) - split * 10_000) < 200)
    }

    @Test func experimentsAssignIndependently() {
        let a = (0..<2_000).map { Assignment.arm(experimentID: "exp-a", key: "k\($0)", trafficSplit: 0.5) }
        let b = (0..<2_000).map { Assignment.arm(experimentID: "exp-b", key: "k\($0)", trafficSplit: 0.5) }
        let agree = zip(a, b).filter { $0 == $1 }.count
        #expect(abs(agree - 1_000) < 150)
    }

    @Test func aGrowingSplitOnlyMovesKeysIntoTreatment() {
        for index in 0..<1_000 where Assignment.arm(experimentID: "e", key: "k\(index)", trafficSplit: 0.2) == .treatment {
            #expect(Assignment.arm(experimentID: "e", key: "k\(index)", trafficSplit: 0.4) == .treatment)
        }
        let point = Assignment.point(experimentID: "e", key: "k")
        #expect(point >= 0 && point < 1)
    }
}
