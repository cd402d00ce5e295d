/// The governance counters of one tenant-hour, kept as a tally row written in the same
/// transaction as the action entries they count, so the metrics of a long period read a row per
/// hour instead of every entry (seed 002 asks for a 1,000,000-entry ledger in seconds).
public enum GovernanceHours {
    /// The rows' collection.
    public static let collection = "governance_hours"
    static let hourMs: Int64 = 3_600_000

    /// The id of the hour holding `ts`: `2026-12-04T23`, sortable.
    public static func id(_ ts: Timestamp) -> String { String(floor(ts).rfc3339.prefix(13)) }

    /// The start of the hour holding `ts`.
    public static func floor(_ ts: Timestamp) -> Timestamp {
        let ms = ts.millisecondsSinceEpoch
        return Timestamp(millisecondsSinceEpoch: ms - ((ms % hourMs) + hourMs) % hourMs)
    }

    /// The first hour start at or after `ts`.
    public static func ceil(_ ts: Timestamp) -> Timestamp {
        let start = floor(ts)
        return start == ts ? ts : start.adding(milliseconds: hourMs)
    }

    /// What one committed change of an action adds: its entries' `kinds`, the action's `type`,
    /// the gate's `outcome` and the execution `label` the change recorded (if any).
    public static func increments(kinds: [String], type: String, outcome: GateOutcome, label: OutcomeLabel?, rejected: Bool = false) -> [String: Double] {
        var inc: [String: Double] = [:]
        func add(_ key: String, typed: Bool = false) {
            inc[key, default: 0] += 1
            if typed { inc["t.\(type).\(key)", default: 0] += 1 }
        }
        for kind in kinds {
            switch kind {
            case "action.proposed", "action.redecided":
                if kind == "action.proposed" { add("proposed", typed: true) }
                if outcome == .autoExecute {
                    add("approved")
                    add("autoExecuted", typed: true)
                } else if outcome == .block {
                    add("blocked")
                }
            case "action.approved": add("approved")
            case "action.rejected": add("rejected")
            // An unanswered request's expiry decides it as its type says: approved or rejected.
            case "action.expired": add(rejected ? "rejected" : "approved")
            case "action.executed", "action.outcome":
                if label == .executionSucceeded { add("succeeded", typed: true) }
                if label == .executionFailed { add("failed", typed: true) }
            case "action.rolled_back": add("rolledBack", typed: true)
            default: break
            }
        }
        return inc
    }
}
