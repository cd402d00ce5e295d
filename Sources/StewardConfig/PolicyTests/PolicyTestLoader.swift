public import StewardCore
import Yams

/// Reads a file of policy tests (`steward policy test`): every problem at once, each as
/// `file:line:column: field: message`, unknown keys with a "did you mean", as steward.yaml is read.
public enum PolicyTestLoader {
    /// The tests in the file at `path`.
    public static func load(path: String) throws(ConfigurationErrors) -> [PolicyTest] {
        try load(yaml: try ConfigurationLoader.text(of: path), file: path)
    }

    /// The tests in `yaml`, located as if read from `file`.
    public static func load(yaml: String, file: String = "policy-tests.yaml") throws(ConfigurationErrors) -> [PolicyTest] {
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
            var firstOf: [String: String] = [:]
            tests = list.list { node in
                guard let test = PolicyTestReader.test(node) else { return nil }
                // Two tests of one name would make a report that cannot say which one failed.
                if let first = firstOf[test.name] {
                    node.report("test name '\(test.name)' is used twice (first at \(first))")
                    return nil
                }
                firstOf[test.name] = test.location
                return test
            } ?? []
        }
        guard context.errors.isEmpty else { throw ConfigurationErrors(ConfigurationLoader.ordered(context.errors)) }
        return tests
    }
}
