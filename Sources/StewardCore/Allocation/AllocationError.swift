/// Why a slot primitive could not run at all.
public enum AllocationError: Error, Sendable, Hashable, Codable, CustomStringConvertible {
    /// The named agent has no allocation, so nothing can be moved from or to it.
    case unknownAgent(String)

    /// A sentence for logs and the ledger.
    public var description: String {
        switch self {
        case .unknownAgent(let name): "unknown agent '\(name)': it has no slot allocation"
        }
    }
}
