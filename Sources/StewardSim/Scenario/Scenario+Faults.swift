import Yams

extension Scenario {
    /// The keys a fault kind's mapping may write.
    static let faultKeys = [
        "rate", "recoverySeconds", "selfClearProbability", "selfClearSeconds", "misleadingShare", "fixableShare", "periodSeconds",
    ]

    /// `faults`: a mapping from fault kind to its parameters; kinds left out keep their defaults,
    /// and so do parameters left out of a kind.
    static func readFaults(_ node: Node, reader: inout ScenarioReader) -> [FaultKind: FaultParameters] {
        var faults = FaultParameters.defaults
        let kinds = FaultKind.allCases.map(\.rawValue)
        for entry in reader.entries(node, field: "faults", known: kinds) {
            guard let kind = FaultKind(rawValue: entry.key) else { continue }
            faults[kind] = readParameters(entry.value, kind: kind, reader: &reader)
        }
        return faults
    }

    /// One kind's parameters over its defaults.
    static func readParameters(_ node: Node, kind: FaultKind, reader: inout ScenarioReader) -> FaultParameters {
        var parameters = FaultParameters.defaults(for: kind)
        let path = "faults.\(kind.rawValue)"
        for entry in reader.entries(node, field: path, known: faultKeys) {
            let field = "\(path).\(entry.key)", value = entry.value
            switch entry.key {
            case "rate": parameters.rate = reader.double(value, field: field, in: 0...3600) ?? parameters.rate
            case "recoverySeconds":
                parameters.recoverySeconds = reader.double(value, field: field, in: 0...86_400) ?? parameters.recoverySeconds
            case "selfClearProbability":
                parameters.selfClearProbability = reader.double(value, field: field, in: 0...1) ?? parameters.selfClearProbability
            case "selfClearSeconds":
                parameters.selfClearSeconds = reader.double(value, field: field, in: 1...604_800) ?? parameters.selfClearSeconds
            case "misleadingShare": parameters.misleadingShare = reader.double(value, field: field, in: 0...1) ?? parameters.misleadingShare
            case "fixableShare": parameters.fixableShare = reader.double(value, field: field, in: 0...1) ?? parameters.fixableShare
            default: parameters.periodSeconds = reader.double(value, field: field, in: 1...86_400) ?? parameters.periodSeconds
            }
        }
        return parameters
    }
}
