/// One problem with the configuration, located where an operator can fix it.
///
/// Printed as `steward.yaml:12:5: agents[2].dependencies[0]: message` for the file, or
/// `environment AUTOREM_MAX_ATTEMPTS: remediation.maxAttempts: message` for a variable.
public struct ConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Where the offending value was written.
    public var origin: SettingOrigin
    /// The setting's path, e.g. `agents[2].dependencies[0]`; empty for the document itself.
    public var path: String
    /// What is wrong, and what would be right.
    public var message: String

    /// Creates an error.
    public init(origin: SettingOrigin, path: String, message: String) {
        self.origin = origin
        self.path = path
        self.message = message
    }

    /// The file the error is in; nil when it comes from the environment.
    public var file: String? { location?.file }
    /// The line of the offending node, from 1; nil when it comes from the environment.
    public var line: Int? { location?.line }
    /// The column of the offending node, from 1; nil when it comes from the environment.
    public var column: Int? { location?.column }
    /// The environment variable at fault, if that is where the error comes from.
    public var variable: String? {
        if case .environment(let name) = origin { return name }
        return nil
    }

    private var location: FileLocation? {
        if case .file(let location) = origin { return location }
        return nil
    }

    /// `file:line:column: path: message`, the form compilers use so editors can jump to it.
    public var description: String {
        let place: String? = switch origin {
        case .file(let location): location.description
        case .environment(let name): "environment \(name)"
        case .default: nil
        }
        return [place, path.isEmpty ? nil : path, message].compactMap { $0 }.joined(separator: ": ")
    }
}

/// Every problem found in one load, in file order, then the environment's, so all can be fixed at once.
public struct ConfigurationErrors: Error, Sendable, Hashable, CustomStringConvertible {
    /// The problems; never empty when thrown.
    public var errors: [ConfigurationError]

    /// Creates the list.
    public init(_ errors: [ConfigurationError]) {
        self.errors = errors
    }

    /// One error per line.
    public var description: String {
        errors.map(\.description).joined(separator: "\n")
    }
}
