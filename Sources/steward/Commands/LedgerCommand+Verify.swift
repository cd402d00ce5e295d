import ArgumentParser
import Foundation
import StewardApp
import StewardCore

extension LedgerCommand {
    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Recompute every entry's hash and link; name the first bad entry.",
            discussion: """
                Reads each tenant's chain in order and recomputes every hash. A changed, deleted \
                or reordered entry, a removed chain head, or a tenant whose entries are gone \
                (found by its creation or its API keys) is reported with the first bad sequence \
                number. The store is opened read-only \
                (a copy on read-only media works) and nothing is migrated; environment overrides \
                of remediation settings are not read.

                Whoever can write the database can re-forge a whole chain: cut its tail and \
                rewrite the head row, or re-hash every entry after a changed one. Record the head \
                printed here somewhere else, and give it back with --expect-head: the chain must \
                still hold that entry, at that sequence number with that hash.

                Exit status: 0 when every chain is intact (and holds every expected head), 1 when \
                one is broken, 2 when the ledger could not be checked (no database, unknown \
                tenant, unreadable file, an --expect-head naming no tenant of several).

                Examples:
                  steward ledger verify
                  steward ledger verify --tenant default --db /var/lib/steward/steward.sqlite
                  steward ledger verify --tenant default --expect-head 39:7304fe46...
                  steward ledger verify --expect-head acme=120:9c1d... --expect-head beta=7:03aa...
                """)

        /// The exit status when the ledger could not be checked, apart from 1 for a broken chain.
        static let couldNotCheck = ExitCode(2)

        @OptionGroup var store: StoreArguments
        @Option(name: .long, help: "Verify only this tenant (default: every tenant).")
        var tenant: String?
        @Option(
            name: .long,
            help: ArgumentHelp(
                "A head recorded earlier that the chain must still hold: SEQ:HASH for --tenant (or the store's only tenant), or TENANT=SEQ:HASH; repeatable.",
                valueName: "[TENANT=]SEQ:HASH"))
        var expectHead: [String] = []
        @Flag(name: .long, help: "Print one JSON object per tenant instead of text.")
        var json = false

        func validate() throws {
            _ = try ExpectedHeads(parsing: expectHead, tenant: tenant)
        }

        func run() async throws {
            let options = ServeOptions(configPath: store.config, dataDir: store.dataDir, database: store.database, environment: [:])
            let only = tenant
            let expected = try ExpectedHeads(parsing: expectHead, tenant: tenant)
            let results: [ChainVerification]
            do {
                results = try await runSession(options, readOnly: true, failure: Self.couldNotCheck) { store, _ in
                    let known = try await StoreTenants.read(store)
                    if let only, let problem = known.problem(with: only) { throw StartupError(problem) }
                    let heads = try expected.byTenant(known)
                    var results: [ChainVerification] = []
                    for tenant in only.map({ [$0] }) ?? known.all {
                        var result = known.judged(try await LedgerAudit.verify(store: store, tenant: tenant))
                        if let head = heads[tenant] { result = try await LedgerAudit.check(result, against: head, store: store) }
                        results.append(result)
                    }
                    return results
                }
            } catch let error as StoreError {
                StandardError.line("steward: cannot verify the ledger: \(error.reason)")
                throw Self.couldNotCheck
            }
            if results.isEmpty && !json { print("no tenant has a ledger in this store") }
            for result in results {
                if json {
                    print(try CanonicalJSON.string(JSONValueEncoder.encode(result)))
                } else if let fault = result.fault {
                    print("tenant \(result.tenant): BROKEN at seq \(fault.seq): \(fault.problem)")
                } else {
                    print("tenant \(result.tenant): ok, \(result.entriesChecked) entries, head seq \(result.head.seq) \(result.head.hash)")
                }
            }
            if results.contains(where: { !$0.ok }) { throw ExitCode.failure }
        }
    }
}
