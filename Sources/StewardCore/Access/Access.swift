/// What a request does with what it reaches. A read changes nothing (listings, reports, the event
/// stream, the gate's dry run, verifying the ledger); a write changes something or is recorded.
/// It is what lets an auditor read everything a person may read and change nothing.
public enum Access: String, Sendable, Hashable, CaseIterable {
    /// Looks and changes nothing.
    case read
    /// Changes something: a proposal, a report, a verdict, a setting, a ledger entry.
    case write
}
