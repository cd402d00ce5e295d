import Foundation
import Yams

/// What one load collects while the sections read: errors, origins, node locations, and the
/// environment variables the readers looked at.
///
/// A class so that every reader of one load shares it; it never leaves the load that made it.
final class ReadContext {
    /// The file as it was named, for locations; nil when there is no file.
    let file: String?
    private let environment: [String: String]
    private(set) var errors: [ConfigurationError] = []
    private(set) var recorded: [(path: String, origin: SettingOrigin)] = []
    private var origins: [String: SettingOrigin] = [:]
    private var locations: [String: FileLocation] = [:]
    private var elementIndices: [String: [Int]] = [:]
    private var writtenNames: [String: [(offset: Int, name: String)]] = [:]
    private(set) var consultedVariables: [String] = []
    private var consulted: Set<String> = []

    init(file: String?, environment: [String: String]) {
        self.file = file
        self.environment = environment
    }

    /// The value of an environment variable, noting that a setting is bound to it.
    func variable(_ name: String) -> String? {
        if consulted.insert(name).inserted { consultedVariables.append(name) }
        return environment[name]
    }

    /// Applies the variable `name`, when set, to a setting: replaces `value` and returns the new
    /// origin, or reports the malformed text and returns nil.
    func override<Value>(
        _ value: inout Value, at path: String, with name: String, as type: SettingType<Value>
    ) -> SettingOrigin? {
        // Trailing blanks and carriage returns creep in from env files; they are never meant.
        guard let text = variable(name)?.trimmingCharacters(in: .whitespacesAndNewlines) else { return nil }
        switch type.read(text: text) {
        case .success(let parsed):
            value = parsed
            return .environment(name)
        case .failure(let problem):
            report(problem.message, at: path, origin: .environment(name))
            return nil
        }
    }

    /// The variables that are set, sorted, for the check of unclaimed names.
    var setVariables: [String] { environment.keys.sorted() }

    /// Whether a setting has claimed this variable.
    func isConsulted(_ name: String) -> Bool { consulted.contains(name) }

    /// Records where the setting at `path` came from.
    func record(_ path: String, origin: SettingOrigin) {
        recorded.append((path, origin))
        origins[path] = origin
    }

    /// The location of a node in the file, remembered under `path` for later checks.
    @discardableResult
    func locate(_ node: Node, at path: String) -> SettingOrigin {
        let location = FileLocation(file: file ?? "", line: node.mark?.line ?? 0, column: node.mark?.column ?? 0)
        if locations[path] == nil { locations[path] = location }
        return .file(location)
    }

    /// Notes which written elements of the list at `path` made it into the configuration, so
    /// that checks on the configuration can name elements by their place in the file.
    func keep(_ indices: [Int], ofList path: String) {
        elementIndices[path] = indices
    }

    /// Notes the name an element of a list is written with, whether or not the rest of the element
    /// is valid, so that uniqueness is checked over every name written.
    func name(_ name: String, ofElement path: String) {
        guard path.hasSuffix("]"), let open = path.lastIndex(of: "["),
            let offset = Int(path[path.index(after: open)..<path.index(before: path.endIndex)])
        else { return }
        writtenNames[String(path[..<open]), default: []].append((offset, name))
    }

    /// The names written for the elements of the list at `path`, in file order.
    func writtenNames(ofList path: String) -> [(offset: Int, name: String)] {
        writtenNames[path] ?? []
    }

    /// The path of the configuration's element `offset` of the list at `path`: `agents[3]` for the
    /// second agent when the first two written were dropped for being invalid.
    func element(_ offset: Int, ofList path: String) -> String {
        "\(path)[\(elementIndices[path].flatMap { $0.indices.contains(offset) ? $0[offset] : nil } ?? offset)]"
    }

    /// Where to point an error about the setting at `path`: its recorded origin if the file or
    /// the environment set it, else the nearest enclosing node the file wrote.
    func origin(of path: String) -> SettingOrigin {
        if let origin = origins[path], origin != .default {
            return origin
        }
        var current = path
        while true {
            if let location = locations[current] { return .file(location) }
            guard let parent = Self.parent(of: current) else { return .default }
            current = parent
        }
    }

    /// Reports a problem at a node of the file.
    func report(_ message: String, at path: String, node: Node) {
        errors.append(ConfigurationError(origin: locate(node, at: path), path: path, message: message))
    }

    /// Reports a problem with a known origin.
    func report(_ message: String, at path: String, origin: SettingOrigin) {
        errors.append(ConfigurationError(origin: origin, path: path, message: message))
    }

    /// `agents[2].name` → `agents[2]` → `agents` → nil.
    static func parent(of path: String) -> String? {
        guard let cut = path.lastIndex(where: { $0 == "." || $0 == "[" }) else { return path.isEmpty ? nil : "" }
        return String(path[..<cut])
    }
}
