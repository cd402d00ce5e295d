/// A place in a configuration file: the file as it was named, and a 1-based line and column.
public struct FileLocation: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The file's path as it was given to the loader.
    public var file: String
    /// The line, from 1; 0 when the whole file is meant (it could not be read).
    public var line: Int
    /// The column in Unicode scalars, from 1; 0 when the whole file is meant.
    public var column: Int

    /// Creates a location.
    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// `steward.yaml:12:5`, or just `steward.yaml` for the whole file.
    public var description: String {
        line > 0 ? "\(file):\(line):\(column)" : file
    }

    /// Orders by file, then line, then column.
    public static func < (a: FileLocation, b: FileLocation) -> Bool {
        (a.file, a.line, a.column) < (b.file, b.line, b.column)
    }
}

/// Where an effective setting came from: the file, an environment variable, or Steward's default.
public enum SettingOrigin: Sendable, Hashable, CustomStringConvertible {
    /// Written in steward.yaml at this location.
    case file(FileLocation)
    /// Set by this environment variable, which overrides the file.
    case environment(String)
    /// Neither: Steward's default, which for the requirement documents' settings is their value.
    case `default`

    /// `file steward.yaml:12:5`, `environment AUTOREM_MAX_ATTEMPTS` or `default`.
    public var description: String {
        switch self {
        case .file(let location): "file \(location)"
        case .environment(let name): "environment \(name)"
        case .default: "default"
        }
    }
}
