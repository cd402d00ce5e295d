import Foundation
import StewardCore
import StewardEngine
import StewardTestSupport
import Testing

/// A fix has `remediation.verifyGraceSeconds` to show: a failing signal within it is noted and
/// the wait goes on; after it, or at the deadline, the attempt fails.
@Suite struct VerificationGraceTests {
    /// A timeout on CMO, remediated: the incident is verifying attempt 1 at the returned time.
    func remediatedTimeout(_ f: HealingFixture) async throws -> String {
        let receipt = try await f.signal("CMO", .error, errorCode: .timeout, successRate: 0.6)
        let incident = try await f.incident(receipt.incident)
        #expect(incident.status == .verifying && incident.attempts.count == 1)
        return incident.id
    }

    @Test func aSlowRecoveryWithinTheGraceIsASuccessOfTheFirstAttempt() async throws {
        let f = try HealingFixture()
        defer { f.close() }
        let id = try await remediatedTimeout(f)
        f.clock.advance(seconds: 30)
        let early = try await f.signal("CMO", .error, errorCode: .timeout, successRate: 0.6)
        #expect(early.state == .recovering)
        var incident = try await f.incident(id)
        #expect(incident.status == .verifying && incident.attempts.count == 1)
        #expect(incident.attempts[0].verification == nil)
        #expect(incident.attempts[0].notYet?.outcome == .failed)
        f.clock.advance(seconds: 25)
        try await f.signal("CMO", successRate: 0.97)
        incident = try await f.incident(id)
        #expect(incident.status == .resolved && incident.attempts.count == 1)
        #expect(incident.attempts[0].ok)
    }

    @Test func aFailingSignalAfterTheGraceFailsTheAttempt() async throws {
        let f = try HealingFixture()
        defer { f.close() }
        let id = try await remediatedTimeout(f)
        f.clock.advance(seconds: 61)
        try await f.signal("CMO", .error, errorCode: .timeout, successRate: 0.6)
        let incident = try await f.incident(id)
        #expect(incident.attempts.count == 2)
        #expect(incident.attempts[0].verification?.outcome == .failed)
        #expect(incident.attempts[0].verification?.reason.contains("did not hold") == true)
    }

    @Test func atTheDeadlineTheNotedVerdictFailsTheAttempt() async throws {
        let f = try HealingFixture()
        defer { f.close() }
        let id = try await remediatedTimeout(f)
        f.clock.advance(seconds: 10)
        try await f.signal("CMO", .error, errorCode: .timeout, successRate: 0.6)
        await f.pass(seconds: 111)
        let incident = try await f.incident(id)
        #expect(incident.attempts.count == 2)
        let verdict = try #require(incident.attempts[0].verification)
        #expect(verdict.outcome == .failed)
        #expect(verdict.reason.hasSuffix("and no later signal within the verify timeout of 120 s met the success criteria"))
    }

    @Test func withNoGraceTheFirstFailingSignalDecides() async throws {
        let f = try HealingFixture { $0.remediation.verifyGraceSeconds = 0 }
        defer { f.close() }
        let id = try await remediatedTimeout(f)
        f.clock.advance(seconds: 5)
        try await f.signal("CMO", .error, errorCode: .timeout, successRate: 0.6)
        #expect(try await f.incident(id).attempts.count == 2)
    }
}
