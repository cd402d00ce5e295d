import Yams

/// Finds every repeated key of a document, each at the repeat.
///
/// Yams refuses a mapping with a repeated key at the key's first occurrence, and stops there. The
/// repeat is the offending node, so the first occurrence is renamed in the text (to as many
/// private-use characters, so every line and column stays where it was) and the text composed
/// again, until it composes; the renamed keys are then found in the tree, each followed by its repeat.
enum DuplicateKeys {
    /// More rounds than any real file needs; beyond them the first occurrence is reported as Yams marks it.
    private static let maximumRounds = 200

    /// Each repeat, with its path and the place of the key's first occurrence; nil when the
    /// repeats cannot be told apart in the text (a key that is not a plain or quoted name).
    /// Throws the syntax error the text has past its repeats, which is then reported alone.
    static func locate(in text: String, file: String, keys: [String], mark: Mark) throws(YamlError) -> [ConfigurationError]? {
        var scalars = Array(text.unicodeScalars)
        var originals: [String: String] = [:]
        var pending = (keys: keys, mark: mark)
        for round in 0..<maximumRounds {
            guard let key = pending.keys.first, let start = offset(of: key, at: pending.mark, in: scalars),
                let marker = Unicode.Scalar(0xE000 + round)
            else { return nil }
            let length = key.unicodeScalars.count
            scalars.replaceSubrange(start..<start + length, with: repeatElement(marker, count: length))
            originals[String(String.UnicodeScalarView(repeatElement(marker, count: length)))] = key
            do {
                let root = try Yams.compose(yaml: String(String.UnicodeScalarView(scalars)))
                var found: [ConfigurationError] = []
                var seen: Set<FileLocation> = []
                if let root { collect(root, path: "", originals: originals, file: file, into: &found, seen: &seen) }
                return found.isEmpty ? nil : found
            } catch YamlError.duplicatedKeysInMapping(let duplicates, let context) {
                pending = (duplicates, context.mark)
            } catch let error as YamlError {
                // Renaming keeps every line and column, so the syntax error is where the file has it.
                throw error
            } catch {
                return nil
            }
        }
        return nil
    }

    /// Where `key` starts in `scalars` when Yams marks it at `mark` (inside the quotes of a quoted key).
    private static func offset(of key: String, at mark: Mark, in scalars: [Unicode.Scalar]) -> Int? {
        var line = 1
        var index = 0
        while line < mark.line, index < scalars.count {
            let scalar = scalars[index]
            index += 1
            if scalar == "\n" || (scalar == "\r" && (index == scalars.count || scalars[index] != "\n")) { line += 1 }
        }
        var start = index + mark.column - 1
        guard line == mark.line, start >= 0, start < scalars.count else { return nil }
        if scalars[start] == "'" || scalars[start] == "\"" { start += 1 }
        let wanted = Array(key.unicodeScalars)
        guard !wanted.isEmpty, start + wanted.count <= scalars.count, Array(scalars[start..<start + wanted.count]) == wanted else {
            return nil
        }
        return start
    }

    /// Reports, in every mapping under `node`, the key that repeats each renamed one.
    private static func collect(
        _ node: Node, path: String, originals: [String: String], file: String,
        into found: inout [ConfigurationError], seen: inout Set<FileLocation>
    ) {
        switch node {
        case .mapping(let mapping):
            let keys = mapping.map { $0.key }
            let names = keys.map { key in key.scalar.map { originals[$0.string] ?? $0.string } }
            for (index, key) in keys.enumerated() {
                guard let scalar = key.scalar, let name = originals[scalar.string],
                    let repeatIndex = names[(index + 1)...].firstIndex(where: { $0 == name }),
                    let firstIndex = names.firstIndex(where: { $0 == name })
                else { continue }
                let repeated = location(of: keys[repeatIndex], in: file)
                guard seen.insert(repeated).inserted else { continue }
                let first = location(of: keys[firstIndex], in: file)
                found.append(ConfigurationError(
                    origin: .file(repeated), path: path.isEmpty ? name : "\(path).\(name)",
                    message: "duplicate key '\(name)' in one mapping (first at \(first)); each key may appear once"))
            }
            for ((_, value), name) in zip(mapping, names) {
                guard let name else { continue }
                collect(value, path: path.isEmpty ? name : "\(path).\(name)", originals: originals, file: file, into: &found, seen: &seen)
            }
        case .sequence(let sequence):
            for (offset, item) in sequence.enumerated() {
                collect(item, path: "\(path)[\(offset)]", originals: originals, file: file, into: &found, seen: &seen)
            }
        case .scalar, .alias:
            break
        }
    }

    private static func location(of node: Node, in file: String) -> FileLocation {
        FileLocation(file: file, line: node.mark?.line ?? 0, column: node.mark?.column ?? 0)
    }
}
