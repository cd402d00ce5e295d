/// An API key as a client holds it: `stw_<id>_<secret>`.
///
/// Only the SHA-256 of the secret is ever stored; the id is public (it appears in the ledger as the
/// actor) and finds the stored record without scanning.
public struct APIKey: Sendable, Hashable {
    /// The public identifier: 12 lower-case hex digits.
    public let id: String
    /// The secret part: 64 lower-case hex digits (256 bits).
    public let secret: String

    /// The whole token a client sends as `Authorization: Bearer <token>`.
    public var token: String { "stw_\(id)_\(secret)" }

    /// The hash stored for the secret.
    public var secretHash: String { Digest.sha256Hex(Array(secret.utf8)) }

    /// A new key drawn from `generator` (the system generator in production, a seeded one in tests).
    public static func generate(using generator: inout some RandomNumberGenerator) -> APIKey {
        func hexDigits(_ count: Int) -> String {
            var bytes: [UInt8] = []
            for _ in 0..<(count / 2) { bytes.append(UInt8.random(in: 0...255, using: &generator)) }
            return Digest.hex(bytes)
        }
        return APIKey(id: hexDigits(12), secret: hexDigits(64))
    }

    /// Reads a token; nil when it does not have the key's shape.
    public init?(token: String) {
        let parts = token.split(separator: "_", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "stw", parts[1].count == 12, parts[2].count == 64,
            parts[1].allSatisfy(\.isHexDigit), parts[2].allSatisfy(\.isHexDigit)
        else { return nil }
        id = String(parts[1])
        secret = String(parts[2])
    }

    private init(id: String, secret: String) {
        self.id = id
        self.secret = secret
    }

    /// Compares two hex hashes in time independent of where they differ.
    public static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var difference: UInt8 = 0
        for i in 0..<x.count { difference |= x[i] ^ y[i] }
        return difference == 0
    }
}

/// The stored record of a key: its tenant, role and secret hash (never the secret).
public struct APIKeyRecord: Sendable, Hashable, Codable {
    /// The key's public id.
    public var id: String
    /// The tenant it belongs to.
    public var tenant: String
    /// Its role.
    public var role: Role
    /// A human label.
    public var name: String
    /// SHA-256 of the secret, hex.
    public var secretHash: String
    /// When it was created.
    public var createdAt: Timestamp
    /// When it was revoked, if it was.
    public var revokedAt: Timestamp?
    /// For an agent key, the agents it may speak for; nil means any agent of its tenant.
    public var agents: [String]?

    /// A key record.
    public init(
        id: String, tenant: String, role: Role, name: String, secretHash: String, createdAt: Timestamp, revokedAt: Timestamp? = nil,
        agents: [String]? = nil
    ) {
        self.id = id
        self.tenant = tenant
        self.role = role
        self.name = name
        self.secretHash = secretHash
        self.createdAt = createdAt
        self.revokedAt = revokedAt
        self.agents = agents
    }

    /// The principal a request signed with this key acts as.
    public var principal: Principal { Principal(tenant: tenant, role: role, keyID: id, name: name, agents: agents) }
}
