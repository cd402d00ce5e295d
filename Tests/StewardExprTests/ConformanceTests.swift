import Foundation
import Testing
@testable import StewardExpr

@Suite("CEL conformance corpus, run in process through the runner's own code")
struct ConformanceTests {
    /// shared/ sits beside the repository (locally /work/shared, in CI beside the clone);
    /// STEWARD_CEL_CORPUS overrides.
    static var corpusPath: String {
        if let path = ProcessInfo.processInfo.environment["STEWARD_CEL_CORPUS"] { return path }
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return repository.deletingLastPathComponent().appendingPathComponent("shared/conformance/cel/public.json").path
    }

    @Test("every non-skipped case of public.json passes, and none is skipped")
    func corpus() throws {
        let text = try String(contentsOfFile: Self.corpusPath, encoding: .utf8)
        guard case .array(let cases)? = JSON(parsing: text) else {
            Issue.record("cannot read \(Self.corpusPath)")
            return
        }
        #expect(cases.count == 610)
        var passed = 0, failed: [String] = [], skipped = 0
        for item in cases {
            let outcome = ConformanceCase.run(item)
            if outcome.skipReason != nil {
                skipped += 1
            } else if outcome.passed {
                passed += 1
            } else {
                failed.append("\(outcome.id): got \(outcome.got.text)")
            }
        }
        #expect(failed.isEmpty, "\(failed.count) failed:\n\(failed.joined(separator: "\n"))")
        #expect(skipped == 0)
        #expect(passed == cases.count)
    }

    @Test("runner lines follow the contract: id, name, ok, typed got")
    func runnerLine() throws {
        let line = #"{"id": "f/s/n", "name": "n", "expr": "x + 1u", "bindings": {"x": {"uint": "41"}}, "type_env": {"x": "uint"}, "expected": {"uint": "42"}, "extra": [1]}"#
        let out = try #require(JSON(parsing: ConformanceCase.run(line: line).line))
        #expect(out == .object([("id", .string("f/s/n")), ("name", .string("n")), ("ok", .bool(true)), ("got", .object([("uint", .string("42"))]))]))
        let error = ConformanceCase.run(line: #"{"id": "e", "name": "e", "expr": "1/0", "expected": {"error": true}}"#)
        #expect(error.passed)
        #expect(error.got["error"] != nil)
        #expect(!ConformanceCase.run(line: "not json").passed)
    }

    @Test("typed values round-trip through the codec")
    func codec() throws {
        let samples: [ExprValue] = [.null, true, 1, .uint(2), 1.5, .double(.nan), "s", .bytes([0, 255, 7]), [1, "a"],
                                    ["k": [1]], .timestamp(try #require(ExprTimestamp(seconds: 1_234_567_890, nanos: 123_000_000))),
                                    .duration(try #require(ExprDuration(seconds: -2, nanos: 500_000_000)))]
        for value in samples {
            let json = TypedValueCodec.encode(value)
            let back = try #require(JSON(parsing: json.text).flatMap(TypedValueCodec.decode))
            #expect(TypedValueCodec.sameResult(value, back), "\(value) -> \(json.text)")
        }
        #expect(TypedValueCodec.encode(.duration(try #require(ExprDuration(seconds: -2, nanos: 500_000_000)))).text == #"{"duration": "-1.5s"}"#)
    }
}
