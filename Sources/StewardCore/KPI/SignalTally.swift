/// The signals of a KPI window folded as they are read: the alignment and throughput KPIs need
/// a sum and each agent's distinct directives, not every signal, so a week of a fleet's signals
/// (a million of them) is counted in constant memory.
public struct SignalTally: Sendable, Hashable {
    /// The window counted; signals outside it are ignored.
    public let window: KPIWindow
    /// Σ alignment over the finite ones, and how many there were.
    public private(set) var alignmentSum = 0.0
    public private(set) var alignmentCount = 0
    /// Signals of the window counted.
    public private(set) var counted = 0
    /// Whether the whole window was read; a reader that stops at a limit clears it.
    public var complete = true
    /// Each agent's distinct directive ids.
    public private(set) var directives: [String: Set<String>] = [:]

    /// An empty tally of `window`.
    public init(window: KPIWindow) {
        self.window = window
    }

    /// Counts one signal, if it lies in the window.
    public mutating func add(_ sample: SignalSample) {
        guard window.contains(sample.ts) else { return }
        counted += 1
        // A NaN or infinite alignment is a broken signal, not a measurement; it would poison the mean.
        if sample.alignment.isFinite {
            alignmentSum += sample.alignment
            alignmentCount += 1
        }
        if let directive = sample.directiveId {
            directives[sample.agent, default: []].insert(directive)
        } else if directives[sample.agent] == nil {
            directives[sample.agent] = []
        }
    }

    /// The mean alignment; nil without a finite one.
    public var alignmentMean: Double? {
        alignmentCount > 0 ? alignmentSum / Double(alignmentCount) : nil
    }

    /// Distinct directive ids per agent ÷ hours; empty for an empty window, which has no rate.
    public var directivesPerHour: [String: Double] {
        let hours = window.hours
        guard hours > 0 else { return [:] }
        return directives.mapValues { Double($0.count) / hours }
    }
}
