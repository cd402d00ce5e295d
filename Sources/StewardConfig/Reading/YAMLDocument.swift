import Yams

/// steward.yaml parsed into a node tree, or the syntax error that stopped the parser (or every
/// repeated key, each at the repeat).
enum YAMLDocument {
    /// The root node (nil for an empty document), or the errors located in `file`.
    static func compose(_ text: String, file: String) -> Result<Node?, ConfigurationErrors> {
        do {
            return .success(try Yams.compose(yaml: text))
        } catch YamlError.duplicatedKeysInMapping(let keys, let context) {
            do {
                if let repeats = try DuplicateKeys.locate(in: text, file: file, keys: keys, mark: context.mark) {
                    return .failure(ConfigurationErrors(ConfigurationLoader.ordered(repeats)))
                }
            } catch {
                // A syntax error past the repeat: reported alone, as any syntax error is.
                return .failure(ConfigurationErrors([locate(error, file: file)]))
            }
            return .failure(ConfigurationErrors([locate(.duplicatedKeysInMapping(duplicates: keys, context: context), file: file)]))
        } catch let error as YamlError {
            return .failure(ConfigurationErrors([locate(error, file: file)]))
        } catch {
            let location = FileLocation(file: file, line: 0, column: 0)
            return .failure(ConfigurationErrors([ConfigurationError(origin: .file(location), path: "", message: "invalid YAML: \(error)")]))
        }
    }

    private static func locate(_ error: YamlError, file: String) -> ConfigurationError {
        func at(_ mark: Mark?, _ message: String) -> ConfigurationError {
            let location = FileLocation(file: file, line: mark?.line ?? 0, column: mark?.column ?? 0)
            return ConfigurationError(origin: .file(location), path: "", message: message)
        }
        func syntax(_ context: YamlError.Context?, _ problem: String) -> String {
            guard let context else { return "invalid YAML: \(problem)" }
            let mark = context.mark
            return "invalid YAML: \(problem) (\(context.text) at line \(mark.line), column \(mark.column))"
        }
        switch error {
        case .scanner(let context, let problem, let mark, _),
            .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            return at(mark, syntax(context, problem))
        case .duplicatedKeysInMapping(let duplicates, let context):
            let keys = duplicates.map { "'\($0)'" }.joined(separator: ", ")
            return at(context.mark, "duplicate key \(keys) in one mapping; each key may appear once")
        case .reader(let problem, _, _, _):
            return at(nil, "cannot read the file as text: \(problem)")
        default:
            return at(nil, "invalid YAML: \(error)")
        }
    }
}
