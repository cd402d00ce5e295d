import StewardCore

/// What `GET /v1/incidents?status=` asks for: one status as stored, or `active`, every incident
/// not yet resolved. `open` is a status of its own (opened, no remediation started), which is not
/// what an operator asking for "open incidents" means; `active` is that question.
enum IncidentStatusFilter: RawRepresentable, CaseIterable, Hashable {
    case one(IncidentStatus)
    case active

    static var allCases: [IncidentStatusFilter] { IncidentStatus.allCases.map(Self.one) + [.active] }

    init?(rawValue: String) {
        if rawValue == "active" { self = .active } else if let status = IncidentStatus(rawValue: rawValue) { self = .one(status) } else { return nil }
    }

    var rawValue: String {
        switch self {
        case .one(let status): status.rawValue
        case .active: "active"
        }
    }

    /// The statuses it selects.
    var statuses: [IncidentStatus] {
        switch self {
        case .one(let status): [status]
        case .active: IncidentStatus.allCases.filter { $0 != .resolved }
        }
    }
}
