import Crypto

/// The signature Steward puts on every request it sends to an agent or a notification endpoint.
///
/// Each request carries two headers:
///
/// - `X-Steward-Timestamp`: the Unix time in whole seconds when the request was signed, in decimal.
/// - `X-Steward-Signature`: `v1=` followed by the lower-case hex HMAC-SHA256, keyed with the tenant's
///   shared secret, of the timestamp's decimal digits, one `.` and the raw request body bytes
///   (`"1700000000." + body`).
///
/// To verify, a receiver recomputes the HMAC over the timestamp header and the body exactly as
/// received (before any JSON parsing), compares it with the header in constant time and refuses
/// timestamps too far from its own clock, which stops an old request from being replayed. The
/// timestamp is inside the signed message, so it cannot be changed without breaking the signature.
/// Retries are signed again with a fresh timestamp; the `Idempotency-Key` header stays the same, so
/// receivers deduplicate on that. The `v1=` prefix leaves room for another scheme later.
public enum WebhookSignature {
    /// The header carrying the signing time in Unix seconds.
    public static let timestampHeader = "X-Steward-Timestamp"
    /// The header carrying `v1=<hex HMAC-SHA256>`.
    public static let signatureHeader = "X-Steward-Signature"
    /// How far, in seconds, a timestamp may be from the receiver's clock by default.
    public static let defaultToleranceSeconds: Int64 = 300

    /// The `X-Steward-Signature` value for `body` signed at `timestamp` (Unix seconds) with `secret`.
    public static func sign(secret: [UInt8], timestamp: Int64, body: [UInt8]) -> String {
        "v1=" + Digest.hex(mac(secret: secret, timestamp: timestamp, body: body))
    }

    /// Whether `signature` is the correct signature of `body` at `timestamp`, and `timestamp` is
    /// within `toleranceSeconds` of `now` (both Unix seconds).
    public static func verify(
        secret: [UInt8], timestamp: Int64, body: [UInt8], signature: String, now: Int64,
        toleranceSeconds: Int64 = defaultToleranceSeconds
    ) -> Bool {
        // Overflow-safe distance: hostile timestamps such as Int64.min must not trap.
        let (distance, overflow) = now.subtractingReportingOverflow(timestamp)
        guard !overflow, distance.magnitude <= toleranceSeconds.magnitude else { return false }
        let expected = Array(sign(secret: secret, timestamp: timestamp, body: body).utf8)
        return constantTimeEqual(expected, Array(signature.utf8))
    }

    private static func mac(secret: [UInt8], timestamp: Int64, body: [UInt8]) -> [UInt8] {
        var message = Array(String(timestamp).utf8)
        message.append(UInt8(ascii: "."))
        message.append(contentsOf: body)
        let code = HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: secret))
        return Array(code)
    }

    // The length of a valid signature is public, so only the contents need hiding.
    private static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for i in a.indices { difference |= a[i] ^ b[i] }
        return difference == 0
    }
}
