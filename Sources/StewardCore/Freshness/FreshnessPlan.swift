/// What to do about a source before retrying the task that depends on it (requirement 000 §4):
/// go ahead, refresh it, read the fallback instead, or degrade.
public enum FreshnessPlan: Sendable, Hashable {
    /// The data is fresh enough, or not under contract: retry as is.
    case proceed(FreshnessCheck)
    /// The data is stale and the source can be asked again: run these steps, then retry.
    case refresh(source: String, steps: [String])
    /// The source is stale and cannot be refreshed, but its declared fallback is fresh: read that.
    case useFallback(source: String, fallback: String)
    /// Neither a refresh nor the fallback helps: retry in the degraded `mode`, as `scope` says.
    case degrade(source: String, mode: DegradeMode, scope: String)

    /// The repair steps of requirement 000 §4, in order: refreshCache → refetchSource → validateInputs.
    public static let refreshSteps = ["refreshCache", "refetchSource", "validateInputs"]

    /// The source the plan is about.
    public var source: String {
        switch self {
        case .proceed(let check): check.source
        case .refresh(let source, _), .useFallback(let source, _), .degrade(let source, _, _): source
        }
    }

    /// The plan in a sentence a person understands.
    public var explanation: String {
        switch self {
        case .proceed(let check):
            return "\(check.explanation); the retry goes ahead"
        case .refresh(let source, let steps):
            return "\(source) is stale, so before the retry: \(steps.joined(separator: ", then "))"
        case .useFallback(let source, let fallback):
            return "\(source) is stale and cannot be refreshed; the retry reads the fallback \(fallback) instead, which is fresh"
        case .degrade(let source, _, let scope):
            return "\(source) is stale, cannot be refreshed and has no fresh fallback; \(scope)"
        }
    }
}

/// Written as a tagged object, `{"action": "degrade", "source": ..., "mode": ..., "scope": ...}`,
/// with the explanation alongside for whoever reads the JSON (it is recomputed, not decoded).
extension FreshnessPlan: Codable {
    private enum CodingKeys: String, CodingKey {
        case action, check, source, steps, fallback, mode, scope, explanation
    }

    /// The `action` tag of this case.
    public var action: String {
        switch self {
        case .proceed: "proceed"
        case .refresh: "refresh"
        case .useFallback: "useFallback"
        case .degrade: "degrade"
        }
    }

    /// Decodes the tagged object.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        switch try c.decode(String.self, forKey: .action) {
        case "proceed":
            self = .proceed(try c.decode(FreshnessCheck.self, forKey: .check))
        case "refresh":
            self = .refresh(source: try c.decode(String.self, forKey: .source), steps: try c.decode([String].self, forKey: .steps))
        case "useFallback":
            self = .useFallback(
                source: try c.decode(String.self, forKey: .source), fallback: try c.decode(String.self, forKey: .fallback))
        case "degrade":
            self = .degrade(
                source: try c.decode(String.self, forKey: .source), mode: try c.decode(DegradeMode.self, forKey: .mode),
                scope: try c.decode(String.self, forKey: .scope))
        case let other:
            throw DecodingError.dataCorruptedError(
                forKey: .action, in: c,
                debugDescription: "unknown freshness action '\(other)'; expected proceed, refresh, useFallback or degrade")
        }
    }

    /// Encodes the tagged object.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(action, forKey: .action)
        switch self {
        case .proceed(let check):
            try c.encode(check, forKey: .check)
        case .refresh(let source, let steps):
            try c.encode(source, forKey: .source)
            try c.encode(steps, forKey: .steps)
        case .useFallback(let source, let fallback):
            try c.encode(source, forKey: .source)
            try c.encode(fallback, forKey: .fallback)
        case .degrade(let source, let mode, let scope):
            try c.encode(source, forKey: .source)
            try c.encode(mode, forKey: .mode)
            try c.encode(scope, forKey: .scope)
        }
        try c.encode(explanation, forKey: .explanation)
    }
}
