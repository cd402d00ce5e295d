import StewardCore
import Testing

/// The roles as a table: what each may read and change. The auditor reads what an operator reads
/// and changes nothing, not even what an agent may.
@Suite("Roles")
struct RoleTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let role: Role, needed: Role, reads: Bool, writes: Bool
        var testDescription: String { "\(role.rawValue) doing what needs \(needed.rawValue)" }
    }

    static let cases: [Case] = [
        .init(role: .agent, needed: .agent, reads: true, writes: true),
        .init(role: .agent, needed: .operator, reads: false, writes: false),
        .init(role: .agent, needed: .admin, reads: false, writes: false),
        .init(role: .auditor, needed: .agent, reads: true, writes: false),
        .init(role: .auditor, needed: .operator, reads: true, writes: false),
        .init(role: .auditor, needed: .admin, reads: false, writes: false),
        .init(role: .operator, needed: .agent, reads: true, writes: true),
        .init(role: .operator, needed: .operator, reads: true, writes: true),
        .init(role: .operator, needed: .admin, reads: false, writes: false),
        .init(role: .admin, needed: .agent, reads: true, writes: true),
        .init(role: .admin, needed: .operator, reads: true, writes: true),
        .init(role: .admin, needed: .admin, reads: true, writes: true),
    ]

    @Test(arguments: cases) func permits(_ c: Case) {
        #expect(c.role.permits(c.needed, for: .read) == c.reads)
        #expect(c.role.permits(c.needed, for: .write) == c.writes)
    }

    @Test func onlyPeopleIncludeTheAuditorAndItIncludesNoOneElse() {
        #expect(Role.operator.includes(.auditor) && Role.admin.includes(.auditor) && Role.auditor.includes(.auditor))
        #expect(!Role.agent.includes(.auditor))
        #expect(!Role.auditor.includes(.agent) && !Role.auditor.includes(.operator))
        #expect(Role.allCases.filter(\.isPerson) == [.auditor, .operator, .admin])
        #expect(Role.spelled == "agent, auditor, operator or admin")
    }

    @Test func aBoundAgentKeyReadsOnlyItsAgents() {
        let bound = Principal(tenant: "acme", role: .agent, keyID: "k", name: "w", agents: ["CRO"])
        #expect(bound.boundAgents == ["CRO"] && bound.speaks(for: "CRO") && !bound.speaks(for: "CMO"))
        #expect(Principal(tenant: "acme", role: .agent, keyID: "k", name: "w").boundAgents == nil)
        #expect(Principal(tenant: "acme", role: .auditor, keyID: "k", name: "a").boundAgents == nil)
    }
}
