/// The span a KPI report covers: from `from` (included) to `to` (excluded), so consecutive weekly
/// windows count every event exactly once.
public struct KPIWindow: Sendable, Hashable, Codable {
    /// The first instant inside the window.
    public var from: Timestamp
    /// The first instant after the window.
    public var to: Timestamp

    /// Creates a window.
    public init(from: Timestamp, to: Timestamp) {
        self.from = from
        self.to = to
    }

    /// Its length in (fractional) days; 0 when `to` is not after `from`.
    public var days: Double { hours / 24 }

    /// Its length in (fractional) hours; 0 when `to` is not after `from`.
    public var hours: Double { Double(max(0, to.milliseconds(since: from))) / 3_600_000 }

    /// Whether `ts` falls inside: `from` ≤ ts < `to`.
    public func contains(_ ts: Timestamp) -> Bool { from <= ts && ts < to }
}
