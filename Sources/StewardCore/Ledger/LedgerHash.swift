import Crypto

/// The hash chain: how an entry's canonical bytes are laid out and sealed.
///
/// The canonical JSON of an entry is an object with exactly the members `actor`, `configRevision`,
/// `kind`, `payload`, `seq`, `subject`, `tenant` and `ts` (RFC 8785 order), with `payload` in its own
/// canonical form and `ts` as RFC 3339 UTC with three fractional digits. The hash is SHA-256 over the
/// 32 raw bytes of the previous hash followed by those UTF-8 bytes, written as lower-case hex.
public enum LedgerHash {
    /// The previous hash of a chain's first entry: 32 zero bytes, in hex.
    public static let genesis = String(repeating: "0", count: 64)

    /// The canonical JSON bytes of an entry, assembled directly in key order (no sort at run time).
    public static func canonicalBytes(
        tenant: String, seq: Int64, ts: Timestamp, kind: String, subject: String, actor: String,
        canonicalPayload: [UInt8], configRevision: String
    ) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(canonicalPayload.count + 160 + tenant.utf8.count + kind.utf8.count + subject.utf8.count)
        out.append(contentsOf: #"{"actor":"#.utf8)
        CanonicalJSON.writeString(actor, into: &out)
        out.append(contentsOf: #","configRevision":"#.utf8)
        CanonicalJSON.writeString(configRevision, into: &out)
        out.append(contentsOf: #","kind":"#.utf8)
        CanonicalJSON.writeString(kind, into: &out)
        out.append(contentsOf: #","payload":"#.utf8)
        out.append(contentsOf: canonicalPayload)
        out.append(contentsOf: #","seq":"#.utf8)
        out.append(contentsOf: String(seq).utf8)
        out.append(contentsOf: #","subject":"#.utf8)
        CanonicalJSON.writeString(subject, into: &out)
        out.append(contentsOf: #","tenant":"#.utf8)
        CanonicalJSON.writeString(tenant, into: &out)
        out.append(contentsOf: #","ts":"#.utf8)
        CanonicalJSON.writeString(ts.rfc3339, into: &out)
        out.append(UInt8(ascii: "}"))
        return out
    }

    /// SHA-256 of the previous hash's bytes followed by the entry's canonical bytes, in hex.
    public static func hash(prevHash: String, canonicalEntry: [UInt8]) -> String {
        var hasher = SHA256()
        if let prev = Digest.bytes(fromHex: prevHash), prev.count == 32 {
            hasher.update(data: prev)
        } else {
            // A malformed previous hash still hashes deterministically, so it fails verification
            // instead of crashing it.
            hasher.update(data: Array(prevHash.utf8))
        }
        hasher.update(data: canonicalEntry)
        return Digest.hex(hasher.finalize())
    }

    /// Seals a draft at the position after `head`: its sequence number, link and hash.
    public static func seal(_ draft: LedgerDraft, after head: LedgerHead) -> LedgerSeal {
        let seq = head.seq + 1
        let bytes = canonicalBytes(
            tenant: draft.tenant, seq: seq, ts: draft.ts, kind: draft.kind, subject: draft.subject,
            actor: draft.actor, canonicalPayload: draft.canonicalPayload, configRevision: draft.configRevision)
        return LedgerSeal(seq: seq, prevHash: head.hash, hash: hash(prevHash: head.hash, canonicalEntry: bytes))
    }
}

/// Where a draft landed in its chain.
public struct LedgerSeal: Sendable, Hashable, Codable {
    /// Its sequence number.
    public var seq: Int64
    /// The hash it links to.
    public var prevHash: String
    /// Its own hash.
    public var hash: String

    /// The head of the chain once this entry is appended.
    public var head: LedgerHead { LedgerHead(seq: seq, hash: hash) }
}
