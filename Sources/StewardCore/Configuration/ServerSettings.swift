/// Where `steward serve` listens and keeps its data, and the limits it puts on requests.
public struct ServerSettings: Sendable, Hashable, Codable {
    /// The address to listen on; a loopback address by default.
    public var host: String
    /// The TCP port.
    public var port: Int
    /// The folder of the embedded SQLite store and the admin key.
    public var dataDir: String
    /// The largest request body accepted; larger ones get 413.
    public var maxBodyBytes: Int
    /// How long a connection may send nothing, before or within a request (headers still coming, a
    /// body stalled) or between requests, before it is closed; a response being written (the event
    /// stream) is not cut. Without it a client could hold connections open at no cost.
    public var idleTimeoutSeconds: Int
    /// How often the replica holding the audit's lease re-verifies every tenant's hash chain and
    /// pages when one is broken; 0 turns the audit off. Edits to the database behind the server's
    /// back are otherwise seen only by `steward ledger verify`.
    public var ledgerAuditMinutes: Int

    /// Creates server settings.
    public init(host: String, port: Int, dataDir: String, maxBodyBytes: Int, idleTimeoutSeconds: Int = 60, ledgerAuditMinutes: Int = 60) {
        self.host = host
        self.port = port
        self.dataDir = dataDir
        self.maxBodyBytes = maxBodyBytes
        self.idleTimeoutSeconds = idleTimeoutSeconds
        self.ledgerAuditMinutes = ledgerAuditMinutes
    }

    /// http://127.0.0.1:8080 with data in `./steward-data`, as DESIGN.md describes the embedded default.
    public static let `default` = ServerSettings(
        host: "127.0.0.1", port: 8080, dataDir: "./steward-data", maxBodyBytes: 1_048_576, idleTimeoutSeconds: 60, ledgerAuditMinutes: 60
    )
}
