public import StewardCore

/// What happened when an executor carried out an action.
public struct ExecutionResult: Sendable, Hashable {
    /// Whether the action ran and the receiver reported success (2xx, or exit status 0).
    public var succeeded: Bool
    /// One sentence for people: "agent answered 200", "timed out after 2000 ms", "exit status 3: disk full".
    public var detail: String
    /// The answer body or standard output, when it is JSON.
    public var response: JSONValue?
    /// The HTTP status or the process exit status of the last attempt, when there was one.
    public var statusCode: Int?
    /// How many deliveries were tried.
    public var attempts: Int
    /// Wall time from the first attempt to the result, retries and backoff included.
    public var durationMilliseconds: Int64
    /// Whether this is no result at all: the run was cut off by Steward stopping (see `ExecutionRecord.interrupted`).
    public var interrupted = false

    /// Creates a result.
    public init(succeeded: Bool, detail: String, response: JSONValue? = nil, statusCode: Int? = nil, attempts: Int, durationMilliseconds: Int64) {
        self.succeeded = succeeded
        self.detail = detail
        self.response = response
        self.statusCode = statusCode
        self.attempts = attempts
        self.durationMilliseconds = durationMilliseconds
    }
}

extension ExecutionResult {
    /// The JSON in `bytes`, or nil when they are empty or not JSON: receivers may answer anything.
    static func parsedResponse(_ bytes: [UInt8]) -> JSONValue? {
        guard !bytes.isEmpty else { return nil }
        return try? JSONReader.parse(bytes)
    }
}

extension Duration {
    /// Whole milliseconds, for results and log metadata.
    var wholeMilliseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
}
