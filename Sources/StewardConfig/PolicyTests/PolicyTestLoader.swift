public import StewardCore
import Yams

/// Reads a file of policy tests (`steward policy test`): every problem at once, each as
/// `file:line:column: field: message`, unknown keys with a "did you mean", as steward.yaml is read.
public enum PolicyTestLoader {
    /// The tests in the file at `path`.
    ///
    /// - Parameters:
    ///   - path: the file.
    ///   - configuration: the configuration the tests will run against; when given, a tenant it
    ///     does not declare, an expected rule its policy does not have and an assumed autopilot
    ///     scope `PUT /v1/autonomy` would refuse are problems of the file too.
    public static func load(path: String, configuration: StewardConfiguration? = nil) throws(ConfigurationErrors) -> [PolicyTest] {
        try load(yaml: try ConfigurationLoader.text(of: path), file: path, configuration: configuration)
    }

    /// The tests in `yaml`, located as if read from `file`, checked against `configuration` when given.
    public static func load(
        yaml: String, file: String = "policy-tests.yaml", configuration: StewardConfiguration? = nil
    ) throws(ConfigurationErrors) -> [PolicyTest] {
        let references = configuration.map { PolicyTestReferences($0) }
        let root: Node?
        switch YAMLDocument.compose(yaml, file: file) {
        case .success(let node): root = node
        case .failure(let errors): throw errors
        }
        let context = ReadContext(file: file, environment: [:])
        var tests: [PolicyTest] = []
        ConfigNode(root, path: "", context: context).mapping { document in
            let list = document.child("tests")
            if list.isAbsent || list.isEmptyList { list.report("a test file needs a non-empty list 'tests'") }
            tests = list.list { PolicyTestReader.test($0, references: references) } ?? []
            // Two tests of one name would make a report that cannot say which one failed. Checked
            // over every name written, so a test with another fault is not let off.
            var first: [String: Int] = [:]
            for (offset, name) in context.writtenNames(ofList: list.path) {
                guard let earlier = first[name] else {
                    first[name] = offset
                    continue
                }
                let path = "\(list.path(offset)).name"
                let place = UniqueNames.place(context.origin(of: list.path(earlier)))
                context.report("test name '\(name)' is used twice (first at \(place))", at: path, origin: context.origin(of: path))
            }
        }
        guard context.errors.isEmpty else { throw ConfigurationErrors(ConfigurationLoader.ordered(context.errors)) }
        return tests
    }
}
