import Logging
import StewardCore
import StewardPostgres
import Testing

/// `PostgresStore(url:)` refuses malformed URLs with a reason naming the faulty part.
@Suite("PostgreSQL URL")
struct PostgresURLTests {
    static let logger = Logger(label: "steward.test.url")

    @Test(arguments: [
        ("http://u@h/db", "scheme"),
        ("127.0.0.1:5432/db", "no scheme"),
        ("postgres://h:5432/db", "user"),
        ("postgres://u@h:5432", "database"),
        ("postgres://u@h:5432/", "database name is empty"),
        ("postgres://u@h:99999/db", "port"),
        ("postgres://u@h:x/db", "port"),
        ("postgres://u@/db", "host"),
        ("postgres://u@h/db?sslmode=maybe", "sslmode"),
        ("postgres://u@h/db?timeout=3", "timeout"),
        ("postgres://u:%zz@h/db", "password"),
    ])
    func malformedURLsAreRefused(url: String, naming part: String) {
        do {
            _ = try PostgresStore(url: url, logger: Self.logger)
            Issue.record("\(url) must be refused")
        } catch {
            #expect(error.code == .invalid)
            #expect(error.reason.contains(part), "\(error.reason)")
            #expect(!error.reason.contains("%zz"))
        }
    }

    @Test func wellFormedURLsAreAcceptedAndNeverShowThePassword() throws {
        let store = try PostgresStore(url: "postgresql://steward:s%40cret@db.example:6543/steward?sslmode=require", logger: Self.logger)
        #expect(store.endpoint == "postgres://steward@db.example:6543/steward?sslmode=require")
        let ipv6 = try PostgresStore(url: "postgres://u@[::1]/d", logger: Self.logger)
        #expect(ipv6.endpoint == "postgres://u@::1:5432/d?sslmode=prefer")
    }
}
