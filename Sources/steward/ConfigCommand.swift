import ArgumentParser
import Foundation
import StewardConfig
import StewardCore

/// `steward config`: check steward.yaml and show the configuration Steward would run with.
struct ConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Check steward.yaml and show the effective configuration.",
        discussion: """
            Steward reads its configuration from steward.yaml and from the environment variables \
            of the requirement documents (AUTO_REMEDIATE, AUTOREM_*, FRESHNESS_*), which override \
            the file. Every key is described in docs/configuration.md; examples/steward.yaml \
            declares a complete fleet.
            """,
        subcommands: [Check.self]
    )
}

extension ConfigCommand {
    /// `steward config check [FILE]`: validate, then print every setting with its origin and the revision.
    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate a configuration file together with the current environment.",
            discussion: """
                Reads FILE, applies the environment variables, and prints every effective setting \
                with where its value came from: the file (with line and column), an environment \
                variable, or the default (for the requirement documents' settings, their values). \
                The revision printed last is the SHA-256 of the effective configuration; the \
                ledger records it with every decision, so equal revisions mean equal rules.

                If anything is wrong, every problem is printed to standard error, one per line, as
                  FILE:LINE:COLUMN: SETTING: MESSAGE     (a problem in the file)
                  environment NAME: SETTING: MESSAGE     (a malformed or unknown variable)
                and the exit status is 1. Unknown keys and variables come with a suggestion \
                when a known name is close.

                Examples:
                  steward config check steward.yaml
                  AUTOREM_MAX_ATTEMPTS=3 steward config check examples/steward.yaml
                  steward config check --ignore-environment steward.yaml  # the file alone
                  steward config check --json steward.yaml | jq .revision
                """
        )

        @Argument(
            help: "The configuration file. Omit it to check the defaults and the environment alone.",
            completion: .file(extensions: ["yaml", "yml"])
        )
        var file: String?

        @Flag(help: "Check the file alone, without the environment variables of this shell.")
        var ignoreEnvironment = false

        @Flag(help: "Print revision, configuration and origins as one JSON object.")
        var json = false

        func run() async throws {
            let environment = ignoreEnvironment ? [:] : ProcessInfo.processInfo.environment
            let loaded: LoadedConfiguration
            do {
                loaded = try ConfigurationLoader.load(path: file, environment: environment)
            } catch {
                let lines = error.errors.map(\.description) + [Self.summary(error.errors, file: file)]
                FileHandle.standardError.write(Data((lines.joined(separator: "\n") + "\n").utf8))
                throw ExitCode.failure
            }
            print(json ? Self.json(loaded) : Self.table(loaded))
        }

        /// The count of errors, each under what holds them: the file, the environment or both
        /// (a valid file is not blamed for a variable's mistake).
        static func summary(_ errors: [ConfigurationError], file: String?) -> String {
            func count(_ n: Int) -> String { "\(n) error\(n == 1 ? "" : "s")" }
            let fromEnvironment = errors.filter { $0.variable != nil }.count
            let fromFile = errors.count - fromEnvironment
            switch (fromFile, fromEnvironment) {
            case (_, 0): return "\(file ?? "configuration"): \(count(fromFile))"
            case (0, _): return "environment: \(count(fromEnvironment))" + (file.map { " (none in \($0))" } ?? "")
            default: return "\(file ?? "configuration"): \(count(fromFile)); environment: \(count(fromEnvironment))"
            }
        }

        /// The settings as aligned columns: path, value (as JSON), origin; then the revision.
        static func table(_ loaded: LoadedConfiguration) -> String {
            let rows = loaded.provenance.entries.map { entry in
                (entry.path, (try? CanonicalJSON.string(entry.value)) ?? "?", entry.origin.description)
            }
            let pathWidth = rows.map(\.0.count).max() ?? 0
            let valueWidth = min(rows.map(\.1.count).max() ?? 0, 48)
            func pad(_ text: String, _ width: Int) -> String {
                text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
            }
            var lines = ["\(loaded.sourceFile ?? "Defaults and environment"): valid", ""]
            lines.append("\(pad("SETTING", pathWidth))  \(pad("VALUE", valueWidth))  ORIGIN")
            lines += rows.map { "\(pad($0.0, pathWidth))  \(pad($0.1, valueWidth))  \($0.2)" }
            lines += ["", "revision \(loaded.revision)"]
            return lines.joined(separator: "\n")
        }

        /// `{"configuration": …, "origins": {path: origin}, "revision": …, "sourceFile": …}`.
        static func json(_ loaded: LoadedConfiguration) -> String {
            var origins: [String: JSONValue] = [:]
            for entry in loaded.provenance.entries {
                origins[entry.path] = .string(entry.origin.description)
            }
            let document: JSONValue = .object([
                "configuration": (try? JSONValueEncoder.encode(loaded.configuration)) ?? .null,
                "origins": .object(origins),
                "revision": .string(loaded.revision),
                "sourceFile": loaded.sourceFile.map(JSONValue.string) ?? .null,
            ])
            return (try? CanonicalJSON.string(document)) ?? "{}"
        }
    }
}
