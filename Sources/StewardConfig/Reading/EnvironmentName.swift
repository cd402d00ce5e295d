/// The environment names the requirement documents use, derived where they depend on a name.
enum EnvironmentName {
    /// `FRESHNESS_MARKET_INTEL` for the source `MarketIntel`, as requirement 000 spells it.
    static func freshness(ofSource name: String) -> String {
        "FRESHNESS_" + screamingSnakeCase(name)
    }

    /// `MarketIntel` → `MARKET_INTEL`, `CRMData` → `CRM_DATA`, `partner-feeds` → `PARTNER_FEEDS`.
    static func screamingSnakeCase(_ name: String) -> String {
        let characters = Array(name)
        var out = ""
        for (offset, character) in characters.enumerated() {
            guard character.isLetter || character.isNumber else {
                if !out.isEmpty, out.last != "_" { out.append("_") }
                continue
            }
            if character.isUppercase, offset > 0, out.last != "_" {
                let previous = characters[offset - 1]
                let next = offset + 1 < characters.count ? characters[offset + 1] : nil
                let startsWord = previous.isLowercase || previous.isNumber
                let endsAcronym = previous.isUppercase && (next?.isLowercase ?? false)
                if startsWord || endsAcronym { out.append("_") }
            }
            out.append(contentsOf: character.uppercased())
        }
        while out.last == "_" { out.removeLast() }
        return out
    }
}
