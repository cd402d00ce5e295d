import Foundation
import StewardCore
import StewardEngine

/// An action waiting for a person, in words an approver who is not an engineer can act on: what
/// it does and with which values, why it waits, what it is expected to be worth, and whose
/// approvals it has. The codes stay on the card, second.
struct ApprovalCard: Sendable {
    let record: ActionRecord
    /// Approvals the action's type needs from different people.
    let needed: Int
    /// The names of the people who approved so far, in order.
    let approvers: [String]
    /// Whether the person looking has approved it already.
    let approvedByViewer: Bool
    /// The tenant's breakers as they stand now, as Governance lists them (none without governance).
    var breakers: [BreakerStatus] = []
    /// The tenant's active skill holds now, by skill, as `GET /v1/skills` lists them.
    var holds: [String: [SkillHold]] = [:]

    var data: [String: Any] {
        let proposal = record.proposal
        let utility = record.decision.utility
        var data: [String: Any] = [
            "id": proposal.id, "type": proposal.type, "what": Self.words(proposal.type), "agent": proposal.agent,
            "account": proposal.account ?? "", "reason": record.decision.reason, "explanation": record.decision.explanation,
            "clause": record.decision.policyClause ?? "", "params": Self.json(record.effectiveParams), "shown": Self.json(record.effectiveParams),
            "fields": Self.fields(record.effectiveParams), "created": PageTime.of(record.createdAt),
            "expires": record.expiresAt.map(PageTime.of) as Any,
            "utility": Self.usd(utility.value), "gain": Self.usd(utility.valueGain), "cost": Self.usd(utility.cost),
            "risk": Self.usd(utility.riskPenalty), "canApprove": !approvedByViewer, "note": "",
        ]
        if needed > 1 {
            let still = max(0, needed - approvers.count)
            var text = "Needs \(needed) approvals from different people: \(approvers.count) so far"
            text += approvers.isEmpty ? "." : " (\(approvers.joined(separator: ", ")))."
            if still > 0 { text += " Waiting for \(still) more \(still == 1 ? "person" : "people")." }
            data["approvalsText"] = text
        }
        if approvedByViewer { data["youApproved"] = "You have approved this. Another person needs to approve it too." }
        data["breakerNote"] = breakerNote ?? ""
        return data
    }

    /// The clause of a decision a breaker held: `breakers.<name>` (GateChecks.breakers).
    static let breakerClause = "breakers."

    /// What became of the breaker the recorded decision names, said beside the decision's own
    /// words, which stay as they were recorded: a hold explained by "is open" otherwise reads as
    /// current long after the breaker closed. Nil when no breaker held it, or when the breaker is
    /// not one Governance lists now (a rule since removed). A skill's hold says how it stands now.
    var breakerNote: String? {
        let decision = record.decision
        if decision.reason == "SKILL_HELD" { return holdNote }
        guard decision.reason == "BREAKER_OPEN", let clause = decision.policyClause, clause.hasPrefix(Self.breakerClause) else { return nil }
        let name = String(clause.dropFirst(Self.breakerClause.count))
        guard let breaker = breakers.first(where: { $0.name == name }) else { return nil }
        let held = "Held while breaker '\(name)' was open"
        switch breaker.state {
        case .closed: return "\(held); it has since closed."
        case .disabled: return "\(held); it has since been switched off."
        case .halfOpen: return "\(held); it is now testing, letting a few approved actions through."
        case .open, .forcedOpen:
            if let opened = breaker.openedAt, opened > decision.decidedAt { return "\(held); it closed and has opened again since." }
            return "Held because breaker '\(name)' is open; it still is\(breaker.state == .forcedOpen ? ", forced open by a person" : "")."
        }
    }

    /// What became of the skill's hold that held the action: still standing (with its causes and
    /// where to clear it), or ended since. Nil when the decision names no skill.
    var holdNote: String? {
        guard let clause = record.decision.policyClause, let skill = SkillHoldClause.skill(in: clause) else { return nil }
        guard let now = holds[skill], !now.isEmpty else { return "Held while skill '\(skill)' was held; that hold has since ended." }
        let causes = now.map { "\($0.cause) since \($0.since.rfc3339)" }.joined(separator: ", ")
        return "Skill '\(skill)' is still held (\(causes)); see the Skills page."
    }

    /// `send_email` → "Send email".
    static func words(_ code: String) -> String {
        let spaced = code.replacingOccurrences(of: "_", with: " ").replacingOccurrences(of: "-", with: " ")
        return spaced.prefix(1).uppercased() + spaced.dropFirst()
    }

    /// The parameters as name and value rows; text values as they are, anything else as JSON.
    static func fields(_ params: JSONValue) -> [[String: String]] {
        guard case .object(let members) = params else { return [["name": "value", "value": json(params)]] }
        return members.keys.sorted().map { name in
            let value = members[name] ?? .null
            if case .string(let text) = value { return ["name": words(name), "value": text.isEmpty ? "(empty)" : text] }
            return ["name": words(name), "value": json(value)]
        }
    }

    static func json(_ value: JSONValue) -> String {
        (try? CanonicalJSON.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    /// `-178.3` → "−$178.30".
    static func usd(_ amount: Double) -> String {
        (amount < 0 ? "−$" : "$") + Figures.fixed(abs(amount), decimals: 2)
    }

    /// Where an action stands, in words.
    static func status(_ status: ActionStatus) -> String {
        switch status {
        case .pendingApproval: "waiting for approval"
        case .deferred: "deferred until the budget allows"
        case .blocked: "blocked by policy"
        case .rejected: "rejected"
        case .executing: "running now"
        case .dispatched: "handed to the agent to carry out"
        case .succeeded: "done"
        case .failed: "failed"
        case .withdrawn: "withdrawn by Steward"
        }
    }
}
