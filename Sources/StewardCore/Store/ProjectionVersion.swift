/// A state row's key and version without its body: what a reader that keeps decoded rows asks
/// for first, so it reads and decodes only the rows that changed.
public struct ProjectionVersion: Sendable, Hashable {
    /// The row's collection and id.
    public var key: DocumentKey
    /// Its version (incremented by every write).
    public var version: Int64

    /// A row's version.
    public init(key: DocumentKey, version: Int64) {
        self.key = key
        self.version = version
    }
}
