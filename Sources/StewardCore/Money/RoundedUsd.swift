/// A dollar amount as ledger payloads and webhooks carry it: rounded to the tenth of a cent,
/// the precision ``FormattedUsd`` shows and action costs are priced in (`$0.009`).
///
/// A running total of costs gathers floating-point residue (`0.19100000000000003`); in an audit
/// record that reads as a figure nobody spent. Whole-cent amounts come out as cents (`0.19`),
/// and a fraction of a cent that is real (`0.191`) is kept rather than rounded away.
public enum RoundedUsd {
    /// The decimals kept: the tenth of a cent.
    public static let decimals = 3

    /// `amount` rounded to the tenth of a cent; non-finite amounts as they are.
    public static func of(_ amount: Double) -> Double {
        guard amount.isFinite else { return amount }
        return (amount * 1000).rounded() / 1000
    }
}
