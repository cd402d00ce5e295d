import Foundation
import PostgresNIO
import StewardCore

/// Where and how to reach PostgreSQL, parsed from `postgres://user:password@host:port/database`.
///
/// Parsed by hand rather than through `URLComponents` so that every refusal says which part is
/// wrong; the password never appears in an error or a log line.
struct PostgresURL: Sendable, Equatable {
    /// How the connection is encrypted, with libpq's names and meanings.
    enum SSLMode: String, Sendable, CaseIterable {
        /// Plain TCP.
        case disable
        /// TLS when the server offers it, without verifying its certificate.
        case prefer
        /// TLS or fail, without verifying the certificate (as libpq's `require`).
        case require
        /// TLS or fail, verifying the certificate chain and the host name.
        case verifyFull = "verify-full"
    }

    var user: String
    var password: String?
    var host: String
    var port: Int
    var database: String
    var sslMode: SSLMode

    /// The URL without its password, for logs.
    var redacted: String { "postgres://\(user)@\(host):\(port)/\(database)?sslmode=\(sslMode.rawValue)" }

    /// Parses a URL; a malformed one is refused with a reason naming the faulty part.
    init(_ url: String) throws(StoreError) {
        var rest = Substring(url)
        guard let schemeEnd = rest.range(of: "://") else { throw Self.invalid("it has no scheme; expected postgres://user:password@host:port/database") }
        let scheme = rest[..<schemeEnd.lowerBound].lowercased()
        guard scheme == "postgres" || scheme == "postgresql" else {
            throw Self.invalid("the scheme is '\(scheme)'; expected postgres or postgresql")
        }
        rest = rest[schemeEnd.upperBound...]
        var query: Substring = ""
        if let mark = rest.firstIndex(of: "?") {
            query = rest[rest.index(after: mark)...]
            rest = rest[..<mark]
        }
        guard let slash = rest.firstIndex(of: "/") else { throw Self.invalid("it names no database (expected /database after the host)") }
        let authority = rest[..<slash]
        let path = rest[rest.index(after: slash)...]

        guard let at = authority.lastIndex(of: "@") else { throw Self.invalid("it names no user (expected user@ before the host)") }
        let userInfo = authority[..<at]
        let hostPort = authority[authority.index(after: at)...]
        if let colon = userInfo.firstIndex(of: ":") {
            user = try Self.decode(userInfo[..<colon], part: "user")
            password = try Self.decode(userInfo[userInfo.index(after: colon)...], part: "password")
        } else {
            user = try Self.decode(userInfo, part: "user")
            password = nil
        }
        guard !user.isEmpty else { throw Self.invalid("the user name is empty") }
        (host, port) = try Self.parseHostPort(hostPort)

        database = try Self.decode(path, part: "database name")
        guard !database.isEmpty else { throw Self.invalid("the database name is empty") }
        guard !database.contains("/") else { throw Self.invalid("the database name '\(database)' contains '/'") }

        sslMode = .prefer
        for pair in query.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = String(parts[0])
            let value = parts.count > 1 ? String(parts[1]) : ""
            guard name == "sslmode" else { throw Self.invalid("the parameter '\(name)' is not supported (only sslmode is)") }
            guard let mode = SSLMode(rawValue: value) else {
                let known = SSLMode.allCases.map(\.rawValue).joined(separator: ", ")
                throw Self.invalid("sslmode '\(value)' is not one of \(known)")
            }
            sslMode = mode
        }
    }

    /// The postgres-nio client configuration for this URL.
    var configuration: PostgresClient.Configuration {
        var tls = TLSConfiguration.makeClientConfiguration()
        let mode: PostgresClient.Configuration.TLS
        switch sslMode {
        case .disable:
            mode = .disable
        case .prefer:
            tls.certificateVerification = .none
            mode = .prefer(tls)
        case .require:
            tls.certificateVerification = .none
            mode = .require(tls)
        case .verifyFull:
            mode = .require(tls)
        }
        var configuration = PostgresClient.Configuration(
            host: host, port: port, username: user, password: password, database: database, tls: mode)
        configuration.options.maximumConnections = 16
        // A replica frozen inside a transaction (a VM pause, SIGSTOP) holds its row locks, and every
        // other replica's commits wait on them: PostgreSQL ends such a session after this long idle,
        // which frees the locks (its own commit then fails and is never acknowledged). Steward's
        // transactions run their statements back to back, so nothing of its own idles this long.
        configuration.options.additionalStartupParameters = [("idle_in_transaction_session_timeout", Self.idleInTransactionTimeout)]
        return configuration
    }

    /// How long a session may sit idle inside a transaction before PostgreSQL ends it.
    static let idleInTransactionTimeout = "10s"

    /// One connection's configuration for this URL, for a probe before the pool starts.
    func connectionConfiguration() throws -> PostgresConnection.Configuration {
        var tls = TLSConfiguration.makeClientConfiguration()
        let mode: PostgresConnection.Configuration.TLS
        switch sslMode {
        case .disable:
            mode = .disable
        case .prefer:
            tls.certificateVerification = .none
            mode = .prefer(try NIOSSLContext(configuration: tls))
        case .require:
            tls.certificateVerification = .none
            mode = .require(try NIOSSLContext(configuration: tls))
        case .verifyFull:
            mode = .require(try NIOSSLContext(configuration: tls))
        }
        var configuration = PostgresConnection.Configuration(host: host, port: port, username: user, password: password, database: database, tls: mode)
        configuration.options.connectTimeout = .seconds(10)
        return configuration
    }

    private static func parseHostPort(_ text: Substring) throws(StoreError) -> (String, Int) {
        var host: Substring
        var portText: Substring?
        if text.hasPrefix("[") {
            // An IPv6 literal: [::1]:5432
            guard let close = text.firstIndex(of: "]") else { throw invalid("the IPv6 host '\(text)' lacks its closing ']'") }
            host = text[text.index(after: text.startIndex)..<close]
            let after = text[text.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { throw invalid("unexpected '\(after)' after the IPv6 host") }
                portText = after.dropFirst()
            }
        } else if let colon = text.lastIndex(of: ":") {
            host = text[..<colon]
            portText = text[text.index(after: colon)...]
        } else {
            host = text
        }
        guard !host.isEmpty else { throw invalid("the host is empty") }
        guard let portText else { return (String(host), 5432) }
        guard let port = Int(portText), (1...65_535).contains(port) else {
            throw invalid("the port '\(portText)' is not a number between 1 and 65535")
        }
        return (String(host), port)
    }

    private static func decode(_ text: Substring, part: String) throws(StoreError) -> String {
        guard let decoded = String(text).removingPercentEncoding else {
            throw invalid("the \(part) has a malformed percent escape")
        }
        return decoded
    }

    private static func invalid(_ reason: String) -> StoreError {
        StoreError(.invalid, operation: "parse PostgreSQL URL", reason: reason)
    }
}
