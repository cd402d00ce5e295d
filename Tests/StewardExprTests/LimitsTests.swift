import Testing
@testable import StewardExpr

@Suite("Limits: bad input ends in a clear error, never a crash or a hang")
struct LimitsTests {
    @Test("nesting depth is bounded at parse time")
    func depth() throws {
        let deep = String(repeating: "(", count: 500) + "1" + String(repeating: ")", count: 500)
        let error = try #require(compileErrors(deep).first)
        #expect(error.code == .tooComplex)
        let chain = (0..<300).map(String.init).joined(separator: " + ")
        #expect(compileErrors(chain).first?.code == .tooComplex)
        let bangs = String(repeating: "!", count: 10_000) + "true"
        #expect(compileErrors(bangs).first?.code == .tooComplex)
        let ors = Array(repeating: "false", count: 1_000).joined(separator: " || ")
        #expect(try evaluate(ors) == false)
    }

    @Test("long sources are refused")
    func length() {
        #expect(compileErrors(String(repeating: "1 + ", count: 5_000) + "1").first?.code == .tooComplex)
    }

    @Test("comprehension iterations are capped per evaluation")
    func iterations() throws {
        let list: ExprValue = .list((0..<1_000).map { .int(Int64($0)) })
        do {
            _ = try evaluate("l.all(x, l.all(y, x + y >= 0))", ["l": list])
            Issue.record("nested comprehension over 10^6 pairs should hit the limit")
        } catch let error as ExprError {
            #expect(error.code == .limitExceeded)
        }
        #expect(try evaluate("l.all(x, x >= 0)", ["l": list]) == true)
    }

    @Test("string and list growth is capped")
    func growth() throws {
        var environment = ExprEnvironment()
        environment.declare("s", .string)
        environment.declare("l", .list(.int))
        environment.limits.maxStringBytes = 1_000
        environment.limits.maxListLength = 100
        let strings = try ExprProgram("s + s + s + s", environment: environment)
        #expect(throws: ExprError.self) { try strings.evaluate(["s": .string(String(repeating: "x", count: 300))]) }
        let lists = try ExprProgram("l + l", environment: environment)
        #expect(throws: ExprError.self) { try lists.evaluate(["l": .list(Array(repeating: 1, count: 60))]) }
    }

    static let refusedPatterns = ["(a+)+", "(a*)*b", "(a|ab)*c", "(x+x+)+y", "(\\w|a)*", "a(?=b)", "(a)\\1", "a++", "((ab)*)+"]
    static let acceptedPatterns = ["gr(a|e)y", "ba(na)*", "(foo|bar)+", "^[a-z0-9._-]+@[a-z]+\\.[a-z]{2,}$", "a{2,3}", "(?:ab)+", "(?i)x", "\\pL+", "(?P<n>a)b"]

    @Test("backtracking-prone and non-RE2 patterns are refused before anything runs", arguments: refusedPatterns)
    func refused(pattern: String) {
        #expect(compileErrors("'aaaa'.matches('\(pattern.replacingBackslashes)')").first?.code == .invalidRegex)
    }

    @Test("ordinary patterns compile", arguments: acceptedPatterns)
    func accepted(pattern: String) {
        #expect(compileErrors("'aaaa'.matches('\(pattern.replacingBackslashes)')").isEmpty)
    }

    @Test("dynamic patterns are screened at run time too")
    func dynamicPattern() {
        #expect(throws: ExprError.self) { try evaluate("'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!'.matches(p)", ["p": "(a+)+$"]) }
    }

    /// QA: `.*a.*b.*c.*d` on 400 characters an agent sent took 10 s of server CPU. A search whose
    /// worst case (n^(r+1) for r repetitions) passes the budget now fails at once, naming the most
    /// it searches; shorter inputs still match, and a leading `.*` (needless in a search) is dropped.
    @Test("a search that could backtrack for seconds is refused at once")
    func polynomialBacktracking() throws {
        let long: ExprValue = .string(String(repeating: "abc", count: 133))
        do {
            _ = try evaluate("s.matches('.*a.*b.*c.*d')", ["s": long])
            Issue.record("a 399-character search with three repetitions should be refused")
        } catch let error as ExprError {
            #expect(error.code == .limitExceeded)
            #expect(error.message.contains("searches at most 66 code points, and the input has 399"), "\(error.message)")
        }
        #expect(try evaluate("s.matches('.*a.*b.*c.*d')", ["s": .string(String(repeating: "abc", count: 20))]) == false)
        #expect(try evaluate("s.matches('.*a.*b.*c.*c')", ["s": .string(String(repeating: "abc", count: 20))]) == true)
        #expect(try evaluate("s.matches('a.*d')", ["s": long]) == false)
        #expect(try evaluate("'xyz'.matches('.*z') && !'xyz'.matches('.*q') && ''.matches('.*') && 'x'.matches('.*?x')") == true)
    }
}

extension String {
    var replacingBackslashes: String { split(separator: "\\", omittingEmptySubsequences: false).joined(separator: "\\\\") }
}
