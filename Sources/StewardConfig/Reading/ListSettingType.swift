import Foundation
import Yams

extension SettingType {
    /// A list of distinct elements: a YAML sequence in the file, comma-separated in a variable
    /// (`AUTOREM_PRIORITY=Revenue,Marketing,Content`). Each element is checked where it stands.
    ///
    /// In the file, a list with faulty elements still reads as the valid ones (the first of a repeat
    /// among them), their places noted with ``ReadContext/keep(_:ofList:)``: the faults are
    /// reported and the file refused anyway, and the checks of what the elements name (an action
    /// type in the autopilot scope) run on the rest instead of waiting for the next run.
    ///
    /// - Parameters:
    ///   - element: the rules of one element.
    ///   - noun: what the elements are, plural, for messages ("domains").
    ///   - allowsEmpty: whether `[]` is valid.
    ///   - allowsRepeats: whether an element may stand twice (a role that must approve twice).
    static func list<Element: Hashable>(
        of element: SettingType<Element>, noun: String, allowsEmpty: Bool = true, allowsRepeats: Bool = false
    ) -> SettingType<[Element]> where Value == [Element] {
        SettingType(
            expected: "a list of \(noun)",
            readNode: { node in
                guard case .sequence(let sequence)? = node.node else {
                    node.report("expected a list of \(noun), got \(node.node?.summary ?? "nothing")")
                    return nil
                }
                var values: [Element] = []
                var kept: [Int] = []
                var failed = false
                for (offset, item) in sequence.enumerated() {
                    let itemNode = ConfigNode(item, path: node.path(offset), context: node.context)
                    guard let value = itemNode.value(element) else {
                        if itemNode.isAbsent { itemNode.report("expected \(element.expected), got nothing (null)") }
                        failed = true
                        continue
                    }
                    if !allowsRepeats && values.contains(value) {
                        itemNode.report("'\(value)' is listed more than once")
                        failed = true
                        continue
                    }
                    values.append(value)
                    kept.append(offset)
                }
                if values.isEmpty && !allowsEmpty && !failed {
                    node.report("expected at least one of the \(noun)")
                    return nil
                }
                if failed && values.isEmpty { return nil }
                node.context.keep(kept, ofList: node.path)
                return values
            },
            readText: { text in
                let items = text.split(separator: ",", omittingEmptySubsequences: false)
                    .map { $0.trimmingCharacters(in: .whitespaces) }
                if items == [""] {
                    if allowsEmpty { return .success([]) }
                    return .failure(SettingProblem(message: "expected a comma-separated list of \(noun), got nothing"))
                }
                var values: [Element] = []
                for (offset, item) in items.enumerated() {
                    switch element.read(text: item) {
                    case .success(let value):
                        if !allowsRepeats && values.contains(value) {
                            return .failure(SettingProblem(message: "'\(item)' is listed more than once in '\(text)'"))
                        }
                        values.append(value)
                    case .failure(let problem):
                        return .failure(SettingProblem(message: "item \(offset + 1) of '\(text)': \(problem.message)"))
                    }
                }
                return .success(values)
            }
        )
    }
}
