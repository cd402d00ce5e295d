import Foundation

/// How `steward serve` was asked to run; each value overrides steward.yaml's `server` section.
public struct ServeOptions: Sendable {
    /// Path of steward.yaml, or nil for defaults and environment only.
    public var configPath: String?
    /// `--host`.
    public var host: String?
    /// `--port` (0 picks a free port, for tests).
    public var port: Int?
    /// `--data-dir`.
    public var dataDir: String?
    /// `--db`: a SQLite file path or a `postgres://` URL; default `<data-dir>/steward.sqlite`.
    public var database: String?
    /// `--no-auth`: every request acts as the first configured tenant's admin (loopback only).
    public var noAuth: Bool
    /// The process environment, for the configuration's environment overrides.
    public var environment: [String: String]
    /// `--reindex-actions`: index every stored action by agent again at start (after replicas of
    /// a build without the index wrote beside this one).
    public var reindexActions = false

    /// Options with nothing overridden.
    public init(
        configPath: String? = nil, host: String? = nil, port: Int? = nil, dataDir: String? = nil,
        database: String? = nil, noAuth: Bool = false, environment: [String: String] = [:]
    ) {
        self.configPath = configPath
        self.host = host
        self.port = port
        self.dataDir = dataDir
        self.database = database
        self.noAuth = noAuth
        self.environment = environment
    }
}

/// Where the store lives, as `--db` names it.
public enum StoreLocation: Sendable, Hashable, CustomStringConvertible {
    /// A SQLite file.
    case sqlite(path: String)
    /// A PostgreSQL server.
    case postgres(url: String)

    /// Reads `--db`; nil means the SQLite file in the data directory.
    public static func parse(_ text: String?, dataDir: String) throws(StartupError) -> StoreLocation {
        guard let text, !text.isEmpty else { return .sqlite(path: dataDir + "/steward.sqlite") }
        if text.hasPrefix("postgres://") || text.hasPrefix("postgresql://") { return .postgres(url: text) }
        if text.hasPrefix("sqlite://") { return .sqlite(path: String(text.dropFirst("sqlite://".count))) }
        // A misspelt scheme is not a file name (and its password must not be printed as one).
        if let scheme = text.range(of: "://"), !text[..<scheme.lowerBound].contains("/") {
            throw StartupError(
                "--db (or STEWARD_DB) '\(redacted(text))': unknown scheme '\(text[..<scheme.lowerBound])'; use postgres://, postgresql:// or sqlite://, or a file path")
        }
        return .sqlite(path: text)
    }

    public var description: String {
        switch self {
        case .sqlite(let path): "SQLite \(path)"
        case .postgres(let url): "PostgreSQL \(Self.redacted(url))"
        }
    }

    /// The arguments that make a CLI command open this store, for hints in logs (a PostgreSQL
    /// URL without its password: the reader puts it back).
    public func commandArguments(dataDir: String) -> String {
        switch self {
        case .sqlite(let path) where path == dataDir + "/steward.sqlite": "--data-dir \(dataDir)"
        case .sqlite(let path): "--db \(path)"
        case .postgres(let url): "--db '\(Self.redacted(url))'"
        }
    }

    /// The URL without its password, for logs.
    static func redacted(_ url: String) -> String {
        guard let at = url.firstIndex(of: "@"), let scheme = url.range(of: "://") else { return url }
        let credentials = url[scheme.upperBound..<at]
        guard let colon = credentials.firstIndex(of: ":") else { return url }
        return String(url[..<colon]) + ":***" + String(url[at...])
    }
}
