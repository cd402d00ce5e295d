import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import StewardCore

/// A bound agent key writes notes only about its own agents: `agent:` another agent is a 403
/// naming `subject`; another agent's action or incident is a 404, as reading it is; nothing is
/// recorded for a refused note.
extension AgentKeyBindingTests {
    static func annotate(_ client: any TestClientProtocol, key: String, subject: String) async throws -> (HTTPResponse.Status, JSONValue) {
        try await post(client, "/v1/annotations", key: key, #"{"text":"checked","subject":""# + subject + #""}"#)
    }

    @Test func aBoundKeyAnnotatesOnlyItsAgentsSubjects() async throws {
        try await withApp { keys, client in
            let byAgent = try await Self.openIncidents(["CRO", "CMO"], keys, client)
            let croIncident = try #require(byAgent["CRO"]), cmoIncident = try #require(byAgent["CMO"])
            let (_, cro) = try await Self.post(client, "/v1/actions", key: keys.admin, #"{"type":"create_internal_note","agent":"CRO","account":"a1"}"#)
            let (_, cmo) = try await Self.post(client, "/v1/actions", key: keys.admin, #"{"type":"create_internal_note","agent":"CMO","account":"a1"}"#)
            let croAction = try #require(cro["id"]?.stringValue), cmoAction = try #require(cmo["id"]?.stringValue)

            let before = try await Self.head(keys)
            let (agent, problem) = try await Self.annotate(client, key: keys.cro, subject: "agent:CMO")
            #expect(agent == .forbidden && Self.firstField(problem) == "subject")
            #expect(problem["detail"]?.stringValue?.contains("speaks only for agent 'CRO', not 'CMO'") == true)
            let (action, actionProblem) = try await Self.annotate(client, key: keys.cro, subject: "action:\(cmoAction)")
            let (noAction, noActionProblem) = try await Self.annotate(client, key: keys.cro, subject: "action:act_0000000000000000")
            #expect(action == .notFound && noAction == .notFound)
            #expect(actionProblem["detail"]?.stringValue?.replacingOccurrences(of: cmoAction, with: "X")
                == noActionProblem["detail"]?.stringValue?.replacingOccurrences(of: "act_0000000000000000", with: "X"))
            let (incident, incidentProblem) = try await Self.annotate(client, key: keys.cro, subject: "incident:\(cmoIncident)")
            let (noIncident, noIncidentProblem) = try await Self.annotate(client, key: keys.cro, subject: "incident:inc_nothing")
            #expect(incident == .notFound && noIncident == .notFound)
            #expect(incidentProblem["detail"]?.stringValue?.replacingOccurrences(of: cmoIncident, with: "X")
                == noIncidentProblem["detail"]?.stringValue?.replacingOccurrences(of: "inc_nothing", with: "X"))
            // The kind of subject in another letter case names the same thing (QA r4 authz L2).
            #expect(try await Self.annotate(client, key: keys.cro, subject: "Agent:CMO").0 == .forbidden)
            #expect(try await Self.annotate(client, key: keys.cro, subject: "INCIDENT:\(cmoIncident)").0 == .notFound)
            #expect(try await Self.annotate(client, key: keys.cro, subject: "escalation:esc_nothing").0 == .notFound)
            #expect(try await Self.head(keys) == before)

            // Its own agent, action and incident, and subjects of no agent, are its to note.
            for subject in ["agent:CRO", "action:\(croAction)", "incident:\(croIncident)", "tenant:acme", "deploy:v2"] {
                #expect(try await Self.annotate(client, key: keys.cro, subject: subject).0 == .created, "\(subject)")
            }
            // An unbound key notes anything.
            for subject in ["agent:CMO", "action:\(cmoAction)", "incident:\(cmoIncident)"] {
                #expect(try await Self.annotate(client, key: keys.admin, subject: subject).0 == .created, "\(subject)")
            }
        }
    }
}
