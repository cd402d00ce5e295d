/// The orders the rebalancer serves receivers and draws on donors in; total, so plans do not
/// depend on the order agents were listed in.
struct FleetOrder {
    /// Domains from highest to lowest priority.
    let priority: [Domain]
    /// Each agent's ROI.
    let roi: [String: Double]

    /// A domain's place: its index in `priority`, or after every listed domain in `Domain.allCases` order.
    func rank(of domain: Domain) -> Int {
        if let index = priority.firstIndex(of: domain) { return index }
        return priority.count + (Domain.allCases.firstIndex(of: domain) ?? Domain.allCases.count)
    }

    /// The agent's ROI; an agent the plan does not know has none.
    func roi(of agent: String) -> Double { roi[agent] ?? 0 }

    /// Receivers: highest-priority domain first, then higher ROI, then name.
    func servesFirst(_ a: AgentLoad, _ b: AgentLoad) -> Bool {
        let (rankA, rankB) = (rank(of: a.domain), rank(of: b.domain))
        if rankA != rankB { return rankA < rankB }
        let (roiA, roiB) = (roi(of: a.agent), roi(of: b.agent))
        if roiA != roiB { return roiA > roiB }
        return a.agent < b.agent
    }

    /// Donors: lowest ROI first, then lowest-priority domain, then name.
    func drawsFirst(_ a: AgentLoad, _ b: AgentLoad) -> Bool {
        let (roiA, roiB) = (roi(of: a.agent), roi(of: b.agent))
        if roiA != roiB { return roiA < roiB }
        let (rankA, rankB) = (rank(of: a.domain), rank(of: b.domain))
        if rankA != rankB { return rankA > rankB }
        return a.agent < b.agent
    }
}
