import StewardCore

/// `sources:` data sources with freshness contracts (requirement 000 §4). Absent means the three
/// sources of requirement 000, so its `FRESHNESS_*` variables work without a file.
enum SourcesSection: ConfigurationSection {
    static let key = "sources"

    static var variableFamilies: [VariableFamily] {
        [VariableFamily(prefix: "FRESHNESS_", unknown: "names no declared source")]
    }

    static func read(_ node: ConfigNode, into configuration: inout StewardConfiguration) {
        if let sources = node.list(readSource) {
            configuration.sources = sources
            return
        }
        // No list: the defaults stand, but their targets still follow the environment.
        let context = node.context
        for offset in configuration.sources.indices {
            var source = configuration.sources[offset]
            let path = node.path(offset)
            let variable = EnvironmentName.freshness(ofSource: source.name)
            let target = "\(path).freshnessTargetMinutes"
            let origin = context.override(&source.freshnessTargetMinutes, at: target, with: variable, as: freshness)
            context.record("\(path).name", origin: .default)
            context.record(target, origin: origin ?? .default)
            context.record("\(path).fallback", origin: .default)
            context.record("\(path).degradeMode", origin: .default)
            configuration.sources[offset] = source
        }
    }

    private static var freshness: SettingType<Int?> { SettingType.minutes(atLeast: 1).optional }

    private static func readSource(_ node: ConfigNode) -> SourceSpec? {
        var source: SourceSpec?
        node.mapping { m in
            let name = m.require("name", as: .name)
            var target = name.flatMap { SourceSpec.seedFreshnessTargets[$0] }
            m.read(
                "freshnessTargetMinutes", into: &target, as: .minutes(atLeast: 1),
                environment: name.map(EnvironmentName.freshness(ofSource:))
            )
            var fallback: String?
            m.read("fallback", into: &fallback, as: .name)
            var degradeMode = DegradeMode.default
            m.read("degradeMode", into: &degradeMode, as: .degradeMode)
            if let name {
                source = SourceSpec(
                    name: name, freshnessTargetMinutes: target, fallback: fallback, degradeMode: degradeMode
                )
            }
        }
        return source
    }

    static func check(_ configuration: StewardConfiguration, in context: ReadContext) {
        let sources = configuration.sources
        let names = sources.map(\.name)
        UniqueNames.check(names, kind: "source name", at: { "\(context.element($0, ofList: key)).name" }, in: context)
        checkVariableNames(names, in: context)
        for (offset, source) in sources.enumerated() {
            guard let fallback = source.fallback else { continue }
            let path = "\(context.element(offset, ofList: key)).fallback"
            if fallback == source.name {
                context.report("a source cannot be its own fallback", at: path, origin: context.origin(of: path))
            } else {
                UniqueNames.resolve(fallback, among: names, kind: "source", at: path, in: context)
            }
        }
        checkFallbackLoops(sources, in: context)
    }

    /// Two names with one `FRESHNESS_` variable (`MarketIntel`, `market-intel`) could not be told apart.
    private static func checkVariableNames(_ names: [String], in context: ReadContext) {
        var owner: [String: String] = [:]
        for (offset, name) in names.enumerated() {
            let variable = EnvironmentName.freshness(ofSource: name)
            if let other = owner[variable], other != name {
                let path = "\(context.element(offset, ofList: key)).name"
                context.report(
                    "'\(name)' and '\(other)' share the variable \(variable); rename one",
                    at: path, origin: context.origin(of: path)
                )
            }
            owner[variable] = owner[variable] ?? name
        }
    }

    /// A fallback chain that comes back to where it started would be followed forever.
    private static func checkFallbackLoops(_ sources: [SourceSpec], in context: ReadContext) {
        let fallbackOf = Dictionary(sources.map { ($0.name, $0.fallback) }, uniquingKeysWith: { first, _ in first })
        var reported: Set<String> = []
        for (offset, source) in sources.enumerated() where !reported.contains(source.name) {
            var chain = [source.name]
            var next = source.fallback
            while let current = next, current != source.name, !chain.contains(current), fallbackOf[current] != nil {
                chain.append(current)
                next = fallbackOf[current] ?? nil
            }
            guard next == source.name, chain.count > 1 else { continue }
            reported.formUnion(chain)
            let path = "\(context.element(offset, ofList: key)).fallback"
            context.report(
                "fallback chain loops: \((chain + [source.name]).joined(separator: " → "))",
                at: path, origin: context.origin(of: path)
            )
        }
    }
}
