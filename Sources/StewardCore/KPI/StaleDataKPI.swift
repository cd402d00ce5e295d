/// Stale-data incidents and time-to-freshness (seed 000 §8).
public struct StaleDataKPI: Sendable, Hashable, Codable {
    /// STALE_DATA incidents opened in the window.
    public var incidents: Int
    /// Mean minutes from opening to resolution of the stale-data incidents resolved in the window
    /// (escalated or suppressed ones never got fresh data); nil if none was.
    public var meanTimeToFreshnessMinutes: Double?

    /// Creates the figure.
    public init(incidents: Int, meanTimeToFreshnessMinutes: Double?) {
        self.incidents = incidents
        self.meanTimeToFreshnessMinutes = meanTimeToFreshnessMinutes
    }
}
