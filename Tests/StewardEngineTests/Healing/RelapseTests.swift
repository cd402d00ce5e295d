import Foundation
import StewardCore
@testable import StewardEngine
import StewardTestSupport
import Testing

/// A fix that does not hold: an agent that fails again soon after a heal relapses. The new
/// incident says so, avoids the playbook that did not hold, and a chain of relapses escalates as
/// flapping instead of being healed again and again.
@Suite struct RelapseTests {
    /// A timeout on CMO, remediated and healed on the next healthy signal; the incident.
    func healedTimeout(_ f: HealingFixture) async throws -> Incident {
        let receipt = try await f.signal("CMO", .error, errorCode: .timeout, successRate: 0.6)
        f.clock.advance(seconds: 20)
        try await f.signal("CMO", successRate: 0.97)
        let incident = try await f.incident(receipt.incident)
        #expect(incident.status == .resolved)
        return incident
    }

    @Test func aFailureSoonAfterAHealIsARelapseThatAvoidsTheFixThatDidNotHold() async throws {
        let f = try HealingFixture { $0.remediation.bandit.enabled = true }
        defer { f.close() }
        let first = try await healedTimeout(f)
        let ran = try #require(first.attempts.last)
        let notHeld = [ran.playbook, ran.selected].compactMap { $0 }

        f.clock.advance(seconds: 120)
        let receipt = try await f.signal("CMO", .error, errorCode: .timeout, successRate: 0.6)
        let second = try await f.incident(receipt.incident)
        #expect(second.id != first.id && second.relapseOf == first.id && second.relapses == 1)
        #expect(second.notHeld == notHeld)
        let chosen = try #require(second.attempts.first)
        // The bandit's playbook closed the first one, so the second does not go back to the bandit;
        // it takes a playbook that did not run, if the class has one, else the only one there is.
        #expect(notHeld.contains("BanditChosenPlaybook") && chosen.playbook != "BanditChosenPlaybook")
        let others = f.remediator.rules.playbooks(for: .transient).filter { !$0.isBanditChoice && !notHeld.contains($0.name) }
        if others.isEmpty {
            #expect(chosen.playbook == "RestartAndRetryTransient")
        } else {
            #expect(!notHeld.contains(chosen.playbook))
        }
        #expect(try await f.entries(kind: "incident.relapsed").count == 1)
    }

    /// When every playbook has been tried or did not hold, the next attempt takes one that did
    /// not hold last time before one that has just failed in this very incident, even exploring.
    @Test func aRelapseRetriesWhatDidNotHoldBeforeWhatJustFailed() async throws {
        let f = try HealingFixture {
            $0.remediation.bandit.enabled = true
            $0.remediation.bandit.exploration = 1
        }
        defer { f.close() }
        let receipt = try await f.signal("CMO", .error, errorCode: .inputMissing, successRate: 0.6)
        var incident = try await f.incident(receipt.incident)
        let candidates = f.remediator.rules.playbooks(for: .dataDependency)
        let failing = try #require(incident.attempts.first?.playbook)
        let other = try #require(candidates.first { $0.name != failing }?.name)
        // As if `other` had closed the agent's previous incident and not held.
        incident.notHeld = [other]
        for _ in 0..<20 {
            let choice = try await f.remediator.choose(among: candidates, for: incident)
            #expect(choice.chosen == other, "\(choice.reason)")
        }
    }

    /// QA healing F3: an agent that recovered before any playbook ran was not healed by Steward,
    /// so its next failure is a new incident, not a relapse of a heal that never was.
    @Test func aRecoveryBeforeAnyPlaybookRanIsNoHealToRelapseFrom() async throws {
        let f = try HealingFixture()
        defer { f.close() }
        _ = try await f.spine.setKillSwitch(tenant: "default", engaged: true, reason: "hold remediation", actor: "key:admin")
        let held = try await f.signal("CMO", .error, errorCode: .timeout, successRate: 0.6)
        f.clock.advance(seconds: 20)
        try await f.signal("CMO", successRate: 0.97)
        let first = try await f.incident(held.incident)
        #expect(first.status == .resolved && first.attempts.isEmpty && first.resolution?.contains("before any playbook ran") == true)
        _ = try await f.spine.setKillSwitch(tenant: "default", engaged: false, reason: "resume", actor: "key:admin")
        f.clock.advance(seconds: 60)
        let again = try await f.signal("CMO", .error, errorCode: .timeout, successRate: 0.6)
        let second = try await f.incident(again.incident)
        #expect(second.id != first.id && second.relapseOf == nil && second.relapses == nil)
        #expect(try await f.entries(kind: "incident.relapsed").isEmpty)
    }

    @Test func aFailureLongAfterAHealIsANewIncident() async throws {
        let f = try HealingFixture()
        defer { f.close() }
        _ = try await healedTimeout(f)
        f.clock.advance(seconds: 16 * 60)
        let receipt = try await f.signal("CMO", .error, errorCode: .timeout, successRate: 0.6)
        let next = try await f.incident(receipt.incident)
        #expect(next.relapseOf == nil && next.relapses == nil && next.notHeld == nil)
    }

    @Test func aZeroWindowTurnsRelapsesOff() async throws {
        let f = try HealingFixture { $0.remediation.relapseWindowMinutes = 0 }
        defer { f.close() }
        _ = try await healedTimeout(f)
        f.clock.advance(seconds: 60)
        let receipt = try await f.signal("CMO", .error, errorCode: .timeout, successRate: 0.6)
        #expect(try await f.incident(receipt.incident).relapseOf == nil)
        #expect(try await f.entries(kind: "incident.relapsed").isEmpty)
    }

    @Test func relapsesPastTheLimitEscalateAsFlapping() async throws {
        let f = try HealingFixture()
        defer { f.close() }
        var last = try await healedTimeout(f)
        for n in 1...f.remediator.rules.settings.relapseLimit {
            f.clock.advance(seconds: 60)
            let receipt = try await f.signal("CMO", .error, errorCode: .timeout, successRate: 0.6)
            f.clock.advance(seconds: 20)
            try await f.signal("CMO", successRate: 0.97)
            last = try await f.incident(receipt.incident)
            #expect(last.relapses == n && last.status == .resolved)
        }
        f.clock.advance(seconds: 60)
        let receipt = try await f.signal("CMO", .error, errorCode: .timeout, successRate: 0.6)
        let flapping = try await f.incident(receipt.incident)
        #expect(flapping.relapseOf == last.id && flapping.relapses == f.remediator.rules.settings.relapseLimit + 1)
        #expect(flapping.status == .escalated && flapping.attempts.isEmpty)
        let escalation = try #require(try await f.remediator.escalations(tenant: "default", status: "open", limit: 10).first)
        #expect(escalation.reason == "Flapping" && escalation.summary.contains("relapsed"))
    }

    @Test func aRelapseTakesBackTheSuccessOfTheFixThatDidNotHold() async throws {
        let f = try HealingFixture()
        defer { f.close() }
        let first = try await healedTimeout(f)
        let ran = try #require(first.attempts.last)
        let arm = ran.selected ?? ran.playbook
        let healed = try #require(try await f.remediator.arms(tenant: "default")["TRANSIENT"]?.first { $0.playbook == arm })
        #expect(healed.successes == 1 && healed.failures == 0)

        f.clock.advance(seconds: 300)
        _ = try await f.signal("CMO", .error, errorCode: .timeout, successRate: 0.6)
        let revised = try #require(try await f.remediator.arms(tenant: "default")["TRANSIENT"]?.first { $0.playbook == arm })
        #expect(revised.pulls == 1 && revised.successes == 0 && revised.failures == 1)
        // Charged the five minutes the fix seemed to hold, on top of its own time.
        let lost = try #require(healed.mean) - (try #require(revised.mean))
        #expect(abs(lost - 5) < 0.01)
        let retracted = try await f.entries(kind: "bandit.retracted")
        #expect(retracted.count == 1)
        let payload = try JSONReader.parse(try #require(retracted.first).canonicalPayload)
        #expect(payload["incident"] == .string(first.id) && payload["playbook"] == .string(arm))
    }

    /// A relapse after a plain playbook's heal goes back to the bandit, which passes over that
    /// playbook: the fix that did not hold is not picked again while another candidate remains.
    @Test func theBanditPassesOverAFixThatDidNotHold() async throws {
        let f = try HealingFixture { $0.remediation.bandit.enabled = true }
        defer { f.close() }
        let receipt = try await f.signal("CMO", .error, errorCode: .timeout, successRate: 0.6)
        var incident = try await f.incident(receipt.incident)
        incident.attempts = []
        incident.notHeld = ["RestartAndRetryTransient"]
        let candidates = f.remediator.rules.playbooks(for: .transient)
        let meta = try #require(candidates.first { $0.isBanditChoice })
        #expect(meta.banditCandidates.contains("RestartAndRetryTransient") && meta.banditCandidates.count > 1)
        for _ in 0..<20 {
            let choice = try await f.remediator.choose(among: candidates, for: incident)
            #expect(choice.chosen == meta.name, "\(choice.reason)")
            let pick = try await f.remediator.banditPick(meta.banditCandidates, incident: incident)
            #expect(pick.chosen != "RestartAndRetryTransient" && pick.reason.contains("passed over"), "\(pick.reason)")
        }
    }

    /// Past the relapse limit nothing runs: the safe option says so and caps the agent for a time,
    /// and the aggressive one does not offer a fix that did not hold.
    @Test func aFlappingAgentsOptionsSayWhatTheyDo() async throws {
        let f = try HealingFixture()
        defer { f.close() }
        _ = try await healedTimeout(f)
        for _ in 1...f.remediator.rules.settings.relapseLimit {
            f.clock.advance(seconds: 60)
            _ = try await f.signal("CMO", .error, errorCode: .timeout, successRate: 0.6)
            f.clock.advance(seconds: 20)
            try await f.signal("CMO", successRate: 0.97)
        }
        f.clock.advance(seconds: 60)
        let receipt = try await f.signal("CMO", .error, errorCode: .timeout, successRate: 0.6)
        let flapping = try await f.incident(receipt.incident)
        let notHeld = try #require(flapping.notHeld)
        let escalation = try #require(try await f.remediator.escalations(tenant: "default", status: "open", limit: 10).first)
        #expect(escalation.reason == "Flapping")
        let (safe, aggressive) = (escalation.recommendedOptions[0], escalation.recommendedOptions[1])
        #expect(safe.name == "ReduceScope" && safe.playbook == nil && safe.why.contains("no playbook runs"), "\(safe)")
        #expect(aggressive.playbook.map { !notHeld.contains($0) } ?? true, "\(aggressive)")

        _ = try await f.remediator.resolveEscalation(escalation.id, tenant: "default", option: safe.name, by: "key:ops", note: nil)
        let capped = try #require(try await f.remediator.allocations(tenant: "default").first { $0.agent == "CMO" })
        let until = try #require(capped.throttledUntil, "a person's reduced scope ends")
        #expect(until == f.clock.now().adding(milliseconds: RemediationOptions.reducedScopeMinutes * 60_000))
        f.clock.advance(seconds: Double(RemediationOptions.reducedScopeMinutes * 60 + 1))
        #expect(await f.remediator.liftEndedThrottles(tenant: "default") == 1)
        let lifted = try #require(try await f.remediator.allocations(tenant: "default").first { $0.agent == "CMO" })
        #expect(lifted.maxConcurrent == nil && lifted.slots == (capped.slotsBeforeThrottle ?? capped.slots))
    }
}
