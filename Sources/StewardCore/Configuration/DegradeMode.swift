/// What a consumer of a stale source does when neither a refresh nor the fallback source helps.
///
/// Written in steward.yaml as `ReducedScope` or `UseLastKnownGood<=6h` (units `s`, `m`, `h`, `d`),
/// the notation of requirement 000 §4. Encoded as that same text, so a revision does not depend
/// on how the age was spelled (`360m` and `6h` are one mode).
public enum DegradeMode: Sendable, Hashable, CustomStringConvertible {
    /// Go on with a narrower task that does not need the stale input.
    case reducedScope
    /// Go on with the last value that passed validation, if it is at most this many seconds old.
    case useLastKnownGood(maxAgeSeconds: Int)

    /// The mode used when a source declares none: requirement 000 degrades "gracefully (reduced scope)".
    public static let `default`: DegradeMode = .reducedScope

    /// The canonical spelling, with the largest unit that divides the age exactly.
    public var description: String {
        switch self {
        case .reducedScope: "ReducedScope"
        case .useLastKnownGood(let seconds): "UseLastKnownGood<=\(Self.format(seconds: seconds))"
        }
    }

    /// Parses the steward.yaml notation; nil when `text` is neither form.
    public init?(parsing text: String) {
        if text == "ReducedScope" {
            self = .reducedScope
            return
        }
        let prefix = "UseLastKnownGood<="
        guard text.hasPrefix(prefix), let seconds = Self.parse(duration: text.dropFirst(prefix.count)) else {
            return nil
        }
        self = .useLastKnownGood(maxAgeSeconds: seconds)
    }

    /// The forms `init(parsing:)` accepts, for error messages.
    public static let accepted = "'ReducedScope' or 'UseLastKnownGood<=AGE' with AGE like 30m, 6h or 2d, at most a year (366d)"

    private static let units: [(suffix: Character, seconds: Int)] = [("d", 86_400), ("h", 3_600), ("m", 60), ("s", 1)]

    /// `6h` → 21600; a positive whole number followed by one unit, at most a year.
    private static func parse(duration: Substring) -> Int? {
        guard let unit = duration.last, let scale = units.first(where: { $0.suffix == unit })?.seconds,
            let amount = Int(duration.dropLast()), amount > 0, amount <= 366 * 86_400 / scale
        else { return nil }
        return amount * scale
    }

    private static func format(seconds: Int) -> String {
        for unit in units where seconds % unit.seconds == 0 {
            return "\(seconds / unit.seconds)\(unit.suffix)"
        }
        return "\(seconds)s"
    }
}

extension DegradeMode: Codable {
    /// Decodes the steward.yaml notation.
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let mode = DegradeMode(parsing: text) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "expected \(Self.accepted), got '\(text)'")
            )
        }
        self = mode
    }

    /// Encodes the canonical spelling.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
