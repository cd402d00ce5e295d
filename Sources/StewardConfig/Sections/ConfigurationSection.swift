import StewardCore

/// One top-level section of steward.yaml, read by a small type of its own.
///
/// To add a section: give ``StewardConfiguration`` a property, write a type conforming to this
/// protocol in a file of its own, and list it in ``ConfigurationSections/all``. Nothing else
/// changes: unknown keys, did-you-mean, environment bindings and provenance come with the reader.
protocol ConfigurationSection {
    /// Its key at the top of the file.
    static var key: String { get }

    /// Environment-variable prefixes the section owns: a set variable with one of them that no
    /// setting reads is an error, so a misspelt override never silently does nothing.
    static var variableFamilies: [VariableFamily] { get }

    /// Reads the section into `configuration`. Called even when the file leaves the section out
    /// (the node is then absent), so that defaults and environment variables still apply.
    static func read(_ node: ConfigNode, into configuration: inout StewardConfiguration)

    /// Checks what one value cannot show alone: unique names, references to other sections,
    /// bounds set by other settings. Runs on the effective configuration, after every read.
    static func check(_ configuration: StewardConfiguration, in context: ReadContext)
}

extension ConfigurationSection {
    static var variableFamilies: [VariableFamily] { [] }
    static func check(_ configuration: StewardConfiguration, in context: ReadContext) {}
}

/// A prefix of environment variables and what to say about a set one that nothing reads.
struct VariableFamily {
    /// `AUTOREM_`, `FRESHNESS_`.
    let prefix: String
    /// Why such a variable is wrong: "is not a Steward setting".
    let unknown: String
    /// Only a near miss of a setting's variable is an error: the prefix is shared with variables
    /// that are not settings (`STEWARD_BIN` of a test harness, `STEWARD_TENANT` of an executor).
    var onlyNearMisses = false
}

/// The sections in the order they are read and documented.
enum ConfigurationSections {
    static var all: [any ConfigurationSection.Type] {
        [
            ServerSection.self, TenantsSection.self, SourcesSection.self, AgentsSection.self, RemediationSection.self,
            ActionTypesSection.self, PolicySection.self, ClassifierSection.self, PlaybooksSection.self, AutonomySection.self, NotificationsSection.self,
            GovernanceSection.self, TelemetrySection.self,
        ]
    }
}
