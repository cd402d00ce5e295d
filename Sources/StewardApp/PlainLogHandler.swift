public import Logging

/// swift-log's plain text lines on standard output, as `StreamLogHandler` writes them, with the
/// metadata rendered only for the lines written. `StreamLogHandler` renders it again each time a
/// key is set, and every request sets two (its id and its principal) on loggers that mostly log
/// nothing: about 4% of the server's CPU under signal load (docs/performance.md).
public struct PlainLogHandler: LogHandler {
    let label: String
    /// The threshold.
    public var logLevel: Logger.Level = .info
    /// The logger's own metadata, kept as set.
    public var metadata: Logger.Metadata = [:]
    /// The metadata provider.
    public var metadataProvider: Logger.MetadataProvider?

    /// A handler for `label`, with the global metadata provider.
    public init(label: String) {
        self.label = label
        metadataProvider = LoggingSystem.metadataProvider
    }

    /// One metadata item.
    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// Writes the line through a `StreamLogHandler` given the metadata now, so the format is its own.
    public func log(event: LogEvent) {
        var stream = StreamLogHandler.standardOutput(label: label, metadataProvider: metadataProvider)
        stream.logLevel = logLevel
        stream.metadata = metadata
        stream.log(event: event)
    }
}
