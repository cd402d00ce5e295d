import StewardCore

extension GateState {
    /// The active holds on the proposal's skill (``ProposalSkill``) as open breakers, so the
    /// gate sends its actions to a person. When they cannot be read, one breaker that does the same.
    func skillHolds(of proposal: ActionProposal, now: Timestamp) async -> [OpenBreaker] {
        let skill = ProposalSkill.of(proposal)
        do {
            let rows = try await store.projections(ProjectionQuery(tenant: proposal.tenant, collection: SkillHold.collection, ref: skill, limit: 100))
            return rows.compactMap { try? JSONValueDecoder.decode(SkillHold.self, from: $0.body) }.filter { $0.isActive(at: now) }.map(\.breaker)
        } catch {
            return [OpenBreaker(name: "skill:\(skill)", reason: "the holds of skill \(skill) could not be read (\(error)), so a person decides")]
        }
    }
}
