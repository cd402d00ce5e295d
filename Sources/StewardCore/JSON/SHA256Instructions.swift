internal import CSHA256

/// SHA-256 with the CPU's SHA instructions (x86 SHA extensions), one message at a time with no
/// per-call setup: for verifiers, where swift-crypto's per-message overhead costs as much as the
/// hashing. Only ever used to check stored hashes, never to make them; the tests hold it to
/// swift-crypto.
public enum SHA256Instructions {
    /// Whether this CPU has the instructions.
    public static let available = steward_sha256_instructions_available() != 0

    /// Writes the digest of `message` (32 bytes) at `digest`. Only where ``available``: elsewhere
    /// the CPU stops the process on the first SHA instruction.
    @inline(__always)
    public static func hash(_ message: UnsafeRawBufferPointer, into digest: UnsafeMutableRawPointer) {
        steward_sha256_instructions(
            message.baseAddress?.assumingMemoryBound(to: UInt8.self), message.count,
            digest.assumingMemoryBound(to: UInt8.self))
    }
}
