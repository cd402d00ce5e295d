public import StewardCore

/// A validated configuration with its revision and the origin of every setting.
public struct LoadedConfiguration: Sendable, Hashable {
    /// The effective configuration: defaults, then the file, then the environment.
    public let configuration: StewardConfiguration
    /// SHA-256 (lower-case hex) of the canonical JSON of ``configuration``. Equal configurations
    /// have equal revisions however they were written; decisions in the ledger name it.
    public let revision: String
    /// Where each setting came from.
    public let provenance: Provenance
    /// The file that was read, as named; nil when only defaults and the environment were used.
    public let sourceFile: String?

    /// Creates a loaded configuration; the loader is the one place that computes the revision.
    init(configuration: StewardConfiguration, revision: String, provenance: Provenance, sourceFile: String?) {
        self.configuration = configuration
        self.revision = revision
        self.provenance = provenance
        self.sourceFile = sourceFile
    }

    /// The revision of a configuration, computed as the loader does.
    public static func revision(of configuration: StewardConfiguration) throws(CanonicalJSONError) -> String {
        Digest.sha256Hex(try CanonicalJSON.encode(configuration))
    }
}
