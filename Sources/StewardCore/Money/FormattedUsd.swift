/// US dollars as people read them in a sentence: whole cents as cents (`$1.25`, `$0.30`), a cost
/// with a fraction of a cent to the tenth of a cent (`$0.009`, `$0.015`).
///
/// Every amount the API and the ledger show in prose goes through this one formatter, so a
/// budget's arithmetic residue (`0.009000000000000008`) never reaches a person.
public struct FormattedUsd: CustomStringConvertible, Sendable {
    /// The amount in dollars.
    public let amount: Double

    /// The amount to show.
    public init(_ amount: Double) { self.amount = amount }

    public var description: String {
        guard amount.isFinite else { return "$" + String(amount) }
        let sign = amount < 0 ? "-" : ""
        let size = abs(amount)
        // A positive amount never reads as nothing: below half a tenth of a cent it shows as $0.001.
        let mills = size > 0 ? max(1, Int64((size * 1000).rounded())) : 0
        let whole = mills / 1000, fraction = mills % 1000
        // Concatenated small strings: interpolation cost more than the rest of a budget check.
        if fraction % 10 == 0 {
            let cents = fraction / 10
            return sign + "$" + String(whole) + (cents < 10 ? ".0" : ".") + String(cents)
        }
        return sign + "$" + String(whole) + (fraction < 10 ? ".00" : fraction < 100 ? ".0" : ".") + String(fraction)
    }
}
