import ArgumentParser
import StewardApp
import StewardCore

/// The `--expect-head` values of `steward ledger verify`: `SEQ:HASH` for the tenant of `--tenant`
/// (or the store's only one), or `TENANT=SEQ:HASH`, at most one per tenant.
struct ExpectedHeads: Sendable {
    /// The heads of named tenants.
    var named: [String: ExpectedHead] = [:]
    /// The head given without a tenant, and its text for messages.
    var unnamed: (head: ExpectedHead, text: String)?

    /// Reads the values; `tenant` is the `--tenant` option, which a bare `SEQ:HASH` belongs to.
    init(parsing values: [String], tenant: String?) throws(ValidationError) {
        for value in values {
            let parts = value.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = parts.count == 2 ? String(parts[0]) : tenant
            guard let head = ExpectedHead(String(parts[parts.count - 1])) else {
                throw ValidationError("--expect-head '\(value)' is not [TENANT=]\(ExpectedHead.form)")
            }
            if parts.count == 2, let tenant, name != tenant {
                throw ValidationError("--expect-head '\(value)' names tenant '\(name ?? "")', but --tenant is '\(tenant)'")
            }
            if let name {
                guard named[name] == nil else { throw ValidationError("--expect-head gives tenant '\(name)' more than one head") }
                named[name] = head
            } else {
                guard unnamed == nil else { throw ValidationError("--expect-head gives more than one head without a tenant: write TENANT=SEQ:HASH") }
                unnamed = (head, value)
            }
        }
        if unnamed != nil && !named.isEmpty {
            throw ValidationError("--expect-head mixes SEQ:HASH with TENANT=SEQ:HASH: name the tenant of every head")
        }
    }

    /// Each tenant's expected head, once the store's tenants are known: a named tenant must be
    /// one of them, and a head without a tenant needs the store to hold exactly one.
    func byTenant(_ known: StoreTenants) throws(StartupError) -> [String: ExpectedHead] {
        for name in named.keys.sorted() {
            if let problem = known.problem(with: name) { throw StartupError("--expect-head: \(problem)") }
        }
        guard let unnamed else { return named }
        guard known.all.count == 1, let only = known.all.first else {
            let tenants = known.all.isEmpty ? "none" : known.all.joined(separator: ", ")
            throw StartupError(
                "--expect-head \(unnamed.text) names no tenant, and this store holds \(known.all.count) (\(tenants)): give --tenant, or write TENANT=SEQ:HASH")
        }
        return [only: unnamed.head]
    }
}
