import Testing
import StewardCore

@Suite struct WebhookSignatureTests {
    // Expected values computed independently with Python:
    // hmac.new(secret, b"<ts>." + body, hashlib.sha256).hexdigest()
    @Test("matches HMAC-SHA256 vectors computed with Python's hmac module", arguments: [
        (Array("whsec_test".utf8), Int64(1_700_000_000), Array(#"{"id":"a1"}"#.utf8),
         "v1=ecac3db019d6961feb250a8b04713734da314547cb15baf31dc562e57aa8c202"),
        (Array(UInt8(0)..<32), Int64(1_763_766_081), Array(#"{"note":"café"}"#.utf8),
         "v1=840e76cf10a32bec959a24146954802b0f7974ffbc33a7f721376c7876cdf36e"),
        (Array("k".utf8), Int64(0), [],
         "v1=6b4a4b8b3c40f1e8f53a3d36682e5f99f7ad2ac1df1c93dfe336f329167641e7"),
    ])
    func knownVectors(secret: [UInt8], timestamp: Int64, body: [UInt8], expected: String) {
        #expect(WebhookSignature.sign(secret: secret, timestamp: timestamp, body: body) == expected)
        #expect(WebhookSignature.verify(secret: secret, timestamp: timestamp, body: body, signature: expected, now: timestamp))
    }

    @Test func headerNames() {
        #expect(WebhookSignature.timestampHeader == "X-Steward-Timestamp")
        #expect(WebhookSignature.signatureHeader == "X-Steward-Signature")
    }

    @Test func verifyRefusesAnyChange() {
        let secret = Array("s3cret".utf8), body = Array(#"{"a":1}"#.utf8), ts: Int64 = 1_800_000_000
        let signature = WebhookSignature.sign(secret: secret, timestamp: ts, body: body)
        func verify(secret s: [UInt8] = secret, ts t: Int64 = ts, body b: [UInt8] = body, signature sig: String = signature) -> Bool {
            WebhookSignature.verify(secret: s, timestamp: t, body: b, signature: sig, now: ts)
        }
        #expect(verify())
        #expect(!verify(secret: Array("s3creT".utf8)))
        #expect(!verify(ts: ts + 1))
        #expect(!verify(body: Array(#"{"a":2}"#.utf8)))
        #expect(!verify(signature: signature.uppercased()))
        #expect(!verify(signature: String(signature.dropFirst(3))))
        #expect(!verify(signature: String(signature.dropLast())))
        #expect(!verify(signature: ""))
    }

    @Test func verifyRefusesTimestampsOutsideTheTolerance() {
        let secret = Array("s".utf8), body: [UInt8] = [1, 2, 3], ts: Int64 = 1_800_000_000
        let signature = WebhookSignature.sign(secret: secret, timestamp: ts, body: body)
        func verify(now: Int64, tolerance: Int64 = 300) -> Bool {
            WebhookSignature.verify(secret: secret, timestamp: ts, body: body, signature: signature, now: now, toleranceSeconds: tolerance)
        }
        #expect(verify(now: ts + 300))
        #expect(verify(now: ts - 300))
        #expect(!verify(now: ts + 301))
        #expect(!verify(now: ts - 301))
        #expect(!verify(now: ts + 10, tolerance: 5))
        #expect(!verify(now: Int64.min))
        #expect(!verify(now: Int64.max))
    }
}
