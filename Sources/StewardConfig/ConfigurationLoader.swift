import StewardExpr
import Foundation
import StewardCore
import Yams

/// Reads steward.yaml and the environment into a validated ``StewardConfiguration``.
///
/// Precedence, lowest first: Steward's defaults (the requirement documents' values), the file,
/// the environment variables those documents name. Every problem is collected before anything
/// is thrown, so one run of `steward config check` lists them all.
public enum ConfigurationLoader {
    /// Loads the file at `path` (or, when nil, the defaults alone) and applies `environment`.
    ///
    /// - Parameters:
    ///   - path: steward.yaml; nil to run on defaults and environment variables only.
    ///   - environment: the process environment, usually `ProcessInfo.processInfo.environment`.
    /// - Throws: every problem found, each located in the file or naming its variable.
    public static func load(
        path: String?, environment: [String: String]
    ) throws(ConfigurationErrors) -> LoadedConfiguration {
        guard let path else {
            return try read(root: nil, file: nil, environment: environment)
        }
        return try load(yaml: try text(of: path), file: path, environment: environment)
    }

    /// The file's text, or why there is none.
    static func text(of path: String) throws(ConfigurationErrors) -> String {
        func refuse(_ reason: String) -> ConfigurationErrors {
            let location = FileLocation(file: path, line: 0, column: 0)
            return ConfigurationErrors([ConfigurationError(origin: .file(location), path: "", message: reason)])
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw refuse("no such file")
        }
        guard !isDirectory.boolValue else { throw refuse("is a directory, not a file") }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw refuse("cannot be read (permissions?)")
        }
        guard let text = String(data: data, encoding: .utf8) else { throw refuse("is not UTF-8 text") }
        return text
    }

    /// Loads configuration text, as if read from `file` (the name locations use), and applies `environment`.
    ///
    /// - Parameters:
    ///   - yaml: the text of a steward.yaml.
    ///   - file: the name to give locations.
    ///   - environment: the environment variables to apply.
    /// - Throws: every problem found.
    public static func load(
        yaml: String, file: String = "steward.yaml", environment: [String: String]
    ) throws(ConfigurationErrors) -> LoadedConfiguration {
        switch YAMLDocument.compose(yaml, file: file) {
        case .success(let root): return try read(root: root, file: file, environment: environment)
        case .failure(let errors): throw errors
        }
    }

    /// Reads every section from `root` (nil: no file), checks, and seals the result.
    private static func read(
        root: Node?, file: String?, environment: [String: String]
    ) throws(ConfigurationErrors) -> LoadedConfiguration {
        let context = ReadContext(file: file, environment: environment)
        var configuration = StewardConfiguration.default
        let sections = ConfigurationSections.all
        ConfigNode(root, path: "", context: context).mapping { document in
            // As in Compose files: `x-` keys hold anchors for the sections to merge, and are not settings.
            document.ignoresExtensionKeys = true
            for section in sections {
                section.read(document.child(section.key), into: &configuration)
            }
        }
        for section in sections {
            section.check(configuration, in: context)
        }
        reportUnclaimedVariables(families: sections.flatMap { $0.variableFamilies }, in: context)
        guard context.errors.isEmpty else {
            throw ConfigurationErrors(ordered(context.errors))
        }
        return try seal(configuration, recorded: context.recorded, sections: sections.map { $0.key }, file: file)
    }

    /// A set `AUTOREM_*` or `FRESHNESS_*` variable that no setting read is a typo or a stale name,
    /// as is a `STEWARD_*` one close to a setting's name.
    private static func reportUnclaimedVariables(families: [VariableFamily], in context: ReadContext) {
        let claimed = context.consultedVariables
        for name in context.setVariables where !context.isConsulted(name) {
            guard let family = families.first(where: { name.hasPrefix($0.prefix) }) else { continue }
            let related = claimed.filter { $0.hasPrefix(family.prefix) }
            let hint = Suggestion.hint(for: name, among: related.isEmpty ? claimed : related)
            if family.onlyNearMisses && hint.isEmpty { continue }
            context.report("\(family.unknown)\(hint)", at: "", origin: .environment(name))
        }
    }

    /// File errors in file order, then environment errors by variable; otherwise as found.
    static func ordered(_ errors: [ConfigurationError]) -> [ConfigurationError] {
        func rank(_ error: ConfigurationError) -> (Int, FileLocation?, String) {
            switch error.origin {
            case .file(let location): (0, location, "")
            case .environment(let name): (1, nil, name)
            case .default: (2, nil, "")
            }
        }
        return errors.enumerated().sorted { a, b in
            let (ra, rb) = (rank(a.element), rank(b.element))
            if ra.0 != rb.0 { return ra.0 < rb.0 }
            if let la = ra.1, let lb = rb.1, la != lb { return la < lb }
            if ra.2 != rb.2 { return ra.2 < rb.2 }
            return a.offset < b.offset
        }.map(\.element)
    }

    /// Hashes the effective configuration and joins the recorded origins with its values.
    private static func seal(
        _ configuration: StewardConfiguration, recorded: [(path: String, origin: SettingOrigin)], sections: [String],
        file: String?
    ) throws(ConfigurationErrors) -> LoadedConfiguration {
        do {
            let json = try JSONValueEncoder.encode(configuration)
            return LoadedConfiguration(
                configuration: configuration,
                revision: Digest.sha256Hex(try CanonicalJSON.encode(json)),
                provenance: Provenance(recorded: recorded, configuration: json, sectionOrder: sections),
                sourceFile: file
            )
        } catch {
            // Unreachable while every number is checked to be finite; reported rather than trapped.
            throw ConfigurationErrors([ConfigurationError(origin: .default, path: "", message: "\(error)")])
        }
    }
}
