import StewardCore

/// An incident as the API serves it: the stored incident, with each ended attempt's `ok`.
enum IncidentView {
    /// The incident's JSON; `ok` is what its lineage entry says, and absent while the attempt runs.
    static func json(_ incident: Incident) throws -> JSONValue {
        let encoded = try JSONValueEncoder.encode(incident)
        guard case .object(var members) = encoded, case .array(let attempts)? = members["attempts"] else { return encoded }
        members["attempts"] = .array(zip(attempts, incident.attempts).map { json, attempt in
            guard attempt.verification != nil, case .object(var fields) = json else { return json }
            fields["ok"] = .bool(attempt.ok)
            return .object(fields)
        })
        return .object(members)
    }
}
