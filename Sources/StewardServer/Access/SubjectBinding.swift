import StewardCore
import StewardEngine

/// What a bound agent key may write a note about: its own agents, and their actions, incidents
/// and escalations (the kind of subject read in any letter case). A note about another agent is
/// refused by the name given (403 naming `subject`, as a signal or proposal for it is); another
/// agent's action, incident or escalation answers as the reads do, as if it did not exist (404).
/// Every other subject (`tenant:`, a free label) is anyone's.
struct SubjectBinding: Sendable {
    let spine: ActionSpine
    let remediator: Remediator

    /// Refuses the note when `principal` is bound and `subject` belongs to an agent it does not speak for.
    func require(_ subject: String, for principal: Principal) async throws {
        guard principal.boundAgents != nil, let colon = subject.firstIndex(of: ":") else { return }
        let id = String(subject[subject.index(after: colon)...])
        // `Agent:CMO` names the same agent as `agent:CMO` to whoever reads the ledger.
        switch subject[..<colon].lowercased() {
        case "agent":
            guard principal.speaks(for: id) else {
                throw Problem.forbidden(
                    principal.bindingRefusal(id), errors: [.init(field: "subject", reason: "names an agent this key is not bound to")])
            }
        case "action":
            let agent: String?
            do {
                agent = try await spine.action(id, tenant: principal.tenant).record.proposal.agent
            } catch SpineError.notFound {
                agent = nil
            } catch {
                throw Problem.wrap(error)
            }
            guard let agent, principal.speaks(for: agent) else { throw Problem.wrap(SpineError.notFound("action '\(id)'")) }
        case "incident":
            let incident: Incident?
            do { incident = try await remediator.incident(id, tenant: principal.tenant) } catch { throw Problem.wrap(error) }
            guard let incident, principal.speaks(for: incident.agent) else { throw Problem.notFound("incident \(id) not found") }
        case "escalation":
            let escalation: Escalation?
            do { escalation = try await remediator.escalation(id, tenant: principal.tenant) } catch { throw Problem.wrap(error) }
            guard let escalation, principal.speaks(for: escalation.agent) else { throw Problem.notFound("escalation \(id) not found") }
        default:
            return
        }
    }
}
