import Testing
import StewardCore

/// SHA-256 on the CPU's SHA instructions only ever checks stored hashes, but it must agree with
/// swift-crypto on every length: padding takes one or two final blocks, whole blocks none.
@Suite("SHA-256 on SHA instructions", .enabled(if: SHA256Instructions.available, "this CPU has no SHA extensions"))
struct SHA256InstructionsTests {
    static func hex(_ message: [UInt8]) -> String {
        var digest = [UInt8](repeating: 0, count: 32)
        message.withUnsafeBytes { message in
            digest.withUnsafeMutableBytes { SHA256Instructions.hash(message, into: $0.baseAddress!) }
        }
        return Digest.hex(digest[...])
    }

    @Test func agreesWithSwiftCryptoOnEveryLengthUpTo1000Bytes() {
        for length in 0...1000 {
            let message = SHA256LanesTests.message(length, 3)
            #expect(Self.hex(message) == Digest.sha256Hex(message), "length \(length)")
        }
    }

    @Test func knownAnswers() {
        #expect(Self.hex([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(Self.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        let twoBlocks = Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)
        #expect(Self.hex(twoBlocks) == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        let large = SHA256LanesTests.message(1 << 20, 9)
        #expect(Self.hex(large) == Digest.sha256Hex(large))
    }
}
