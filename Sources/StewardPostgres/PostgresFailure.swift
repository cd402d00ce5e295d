import Foundation
import NIOCore
import NIOPosix
import PostgresNIO
import StewardCore

/// Reads what went wrong out of postgres-nio's errors.
///
/// `PSQLError`'s own description hides the server's message (to avoid leaking data into logs by
/// accident); Steward's messages carry no secrets, so the server's SQLSTATE and message are shown.
enum PostgresFailure {
    /// SQLSTATE classes and codes Steward reacts to.
    enum SQLState {
        static let uniqueViolation = "23505"
        static let undefinedTable = "42P01"
    }

    /// The innermost error: the one inside a transaction wrapper, if any.
    static func underlying(_ error: any Error) -> any Error {
        if let transaction = error as? PostgresTransactionError {
            if let inner = transaction.closureError { return underlying(inner) }
            if let inner = transaction.commitError { return underlying(inner) }
            if let inner = transaction.beginError { return underlying(inner) }
        }
        return error
    }

    /// The server's error, when the server answered with one (the transaction was rolled back and
    /// the connection is usable); nil for connection failures, whose outcome may be unknown.
    static func serverInfo(_ error: any Error) -> PSQLError.ServerInfo? {
        guard let psql = underlying(error) as? PSQLError, psql.code == .server else { return nil }
        return psql.serverInfo
    }

    /// The SQLSTATE of a server error.
    static func sqlState(_ error: any Error) -> String? {
        serverInfo(error)?[.sqlState]
    }

    /// Whether the server refused a commit's statement because of a commit's data: the batch can be
    /// retried commit by commit so the offending one fails alone.
    static func isServerRefusal(_ error: any Error) -> Bool {
        if let transaction = error as? PostgresTransactionError {
            // A failed COMMIT leaves the outcome unknown: never retry it.
            guard transaction.commitError == nil, transaction.beginError == nil, let inner = transaction.closureError else {
                return false
            }
            return isServerRefusal(inner)
        }
        return (error as? PSQLError)?.code == .server
    }

    /// A one-line reason for a ``StoreError``.
    static func describe(_ error: any Error) -> String {
        if let transaction = error as? PostgresTransactionError, let commit = transaction.commitError {
            return "COMMIT failed, so the outcome is unknown: \(describe(commit))"
        }
        let inner = underlying(error)
        if let store = inner as? StoreError { return store.reason }
        if let psql = inner as? PSQLError {
            if let info = psql.serverInfo, psql.code == .server {
                let state = info[.sqlState] ?? "?????"
                let detail = info[.detail].map { " (\($0))" } ?? ""
                return "server error \(state): \(info[.message] ?? "no message")\(detail)"
            }
            if psql.code == .connectionError, let cause = psql.underlying { return "cannot connect: \(connectionFailure(cause))" }
            if psql.code == .sslUnsupported {
                return "the server does not offer TLS, which the URL's sslmode asks for: turn ssl on in PostgreSQL, or use sslmode=prefer or disable"
            }
            if let cause = psql.underlying { return "\(psql.code): \(cause)" }
            return "\(psql.code)"
        }
        return poolFailure(inner) ?? String(describing: inner)
    }

    /// The connection pool's own failures in words. Its error type lives in a module postgres-nio
    /// does not export, so it is recognised by its description.
    static func poolFailure(_ error: any Error) -> String? {
        let text = String(describing: error)
        guard text.hasPrefix("ConnectionPoolError") else { return nil }
        if text.contains("CircuitBreakerTripped") {
            return "PostgreSQL cannot be reached: new connections keep failing, so requests are refused until one succeeds"
        }
        if text.contains("poolShutdown") { return "the connection pool is shutting down" }
        if text.contains("requestCancelled") { return "the request was cancelled while it waited for a connection" }
        if text.contains("connectionTimeout") { return "no connection to PostgreSQL became free in time" }
        return "the connection pool failed: \(text)"
    }

    /// Why a connection could not be made, as the socket said it ("connection refused"), rather
    /// than the driver's nested description of every address it tried.
    static func connectionFailure(_ cause: any Error) -> String {
        if let attempt = cause as? NIOConnectionError {
            if let first = attempt.connectionErrors.first { return connectionFailure(first.error) }
            if let lookup = attempt.dnsAError ?? attempt.dnsAAAAError { return "the host name \(attempt.host) could not be resolved (\(lookup))" }
            return "the host name \(attempt.host) has no address"
        }
        if let io = cause as? IOError { return String(cString: strerror(io.errnoCode)).lowercased() }
        if case .connectTimeout(let after)? = cause as? ChannelError {
            return "no answer within \(after.nanoseconds / 1_000_000_000) s"
        }
        return String(describing: cause)
    }

    /// The error as a ``StoreError`` of `code`, unless it already is one.
    static func storeError(_ error: any Error, code: StoreError.Code, operation: String) -> StoreError {
        if let store = underlying(error) as? StoreError { return store }
        return StoreError(code, operation: operation, reason: describe(error))
    }
}
