/// The few phrases every allocation sentence shares, so moves, preemptions and primitives read alike.
enum AllocationText {
    /// `1 slot`, `3 slots`.
    static func slots(_ count: Int) -> String { count == 1 ? "1 slot" : "\(count) slots" }

    /// Whole numbers without a fraction (`41`), others to hundredths (`0.15`), as a person writes them.
    static func number(_ value: Double) -> String {
        if value.rounded() == value, abs(value) < 1e15 { return String(Int64(value)) }
        return DecimalText(hundredthsOf: value).description
    }

    /// `CRO, whose backlog of 41 min breaches the 15 min SLA`: the justification of every move toward a receiver.
    static func breach(of receiver: AgentLoad, slaMinutes: Int) -> String {
        "\(receiver.agent), whose backlog of \(number(receiver.backlogAgeMinutes)) min breaches the \(slaMinutes) min SLA"
    }
}

extension ConcurrencyLimits {
    /// The limits made usable: a minimum below zero counts as zero and a maximum below the minimum
    /// as the minimum, so a misconfiguration cannot make the bounds contradict each other.
    public var repaired: ConcurrencyLimits {
        let low = Swift.max(0, min)
        return ConcurrencyLimits(min: low, max: Swift.max(low, max))
    }
}
