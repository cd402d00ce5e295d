import Crypto

/// The two arms of an experiment.
public enum Arm: String, Sendable, Hashable, Codable, CaseIterable {
    /// The current strategy.
    case control
    /// The candidate strategy.
    case treatment
}

/// Sticky assignment of keys to arms: a key's arm is a pure function of the experiment and the
/// key, so every replica and every retry routes the same key the same way without storing it.
public enum Assignment {
    /// The arm of `key` in experiment `experimentID`: treatment when the key's point in [0, 1) is
    /// below `trafficSplit`. The point is the first 8 bytes of SHA-256(id ␟ key) over 2⁶⁴, so keys
    /// spread uniformly and an experiment's assignment is unrelated to any other's.
    public static func arm(experimentID: String, key: String, trafficSplit: Double) -> Arm {
        point(experimentID: experimentID, key: key) < trafficSplit ? .treatment : .control
    }

    /// The key's point in [0, 1).
    public static func point(experimentID: String, key: String) -> Double {
        let digest = SHA256.hash(data: Array((experimentID + "\u{1F}" + key).utf8))
        var value: UInt64 = 0
        for byte in digest.prefix(8) { value = value << 8 | UInt64(byte) }
        // The top 53 bits: exactly representable, so the point is strictly below 1.
        return Double(value >> 11) / Double(UInt64(1) << 53)
    }
}
