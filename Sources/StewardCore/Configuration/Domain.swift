/// The business domain an agent works for; priority arbitration ranks agents by it.
///
/// The requirement documents order Revenue > Marketing > Content when agents conflict;
/// Operations and Executive rank after them unless `remediation.priority` says otherwise.
public enum Domain: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    /// Sales and pipeline work (the CRO).
    case revenue = "Revenue"
    /// Campaigns and positioning (the CMO).
    case marketing = "Marketing"
    /// Briefs and publishing (the Content agent).
    case content = "Content"
    /// Delivery and capacity (the COO).
    case operations = "Operations"
    /// Strategy and coordination (the CEO, the Chief of Staff).
    case executive = "Executive"

    /// The priority order of requirement 001 (`AUTOREM_PRIORITY=Revenue,Marketing,Content`).
    public static let seedPriority: [Domain] = [.revenue, .marketing, .content]

    /// The name as written in steward.yaml and `AUTOREM_PRIORITY`.
    public var description: String { rawValue }
}
