/// One status signal, reduced to what the alignment and throughput KPIs need (seed 001 §2).
public struct SignalSample: Sendable, Hashable, Codable {
    /// The agent that sent it.
    public var agent: String
    /// When it was sent.
    public var ts: Timestamp
    /// The agent's alignment with its directives, 0...1.
    public var alignment: Double
    /// The directive it was working on, if it said.
    public var directiveId: String?

    /// Creates a sample.
    public init(agent: String, ts: Timestamp, alignment: Double, directiveId: String? = nil) {
        self.agent = agent
        self.ts = ts
        self.alignment = alignment
        self.directiveId = directiveId
    }
}
