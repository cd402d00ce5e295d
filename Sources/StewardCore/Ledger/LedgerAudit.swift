import Crypto

/// A store that verifies a chain itself, faster than paging it through ``Store/ledger(tenant:query:)``
/// (SQLite scans its statement directly). Optional: ``LedgerAudit/verify(store:tenant:start:parallelism:)``
/// uses it when a store has it and pages otherwise.
public protocol ChainVerifyingStore: Store {
    /// Verifies one tenant's chain from its first entry (or from `start`), reaching the verdict
    /// ``LedgerAudit/verifyPages(store:tenant:start:parallelism:)`` reaches: the same entries checked,
    /// head, first bad sequence number and problem.
    func verifyChain(tenant: String, start: LedgerHead) async throws(StoreError) -> ChainVerification
}

/// Re-verifies a tenant's hash chain from what a store holds.
///
/// Hashes of a page are recomputed in parallel (they depend only on stored fields); the links
/// between entries are then checked in order, so the first bad sequence number is exact.
public enum LedgerAudit {
    /// Rows read per page while verifying.
    public static let pageSize = 16_384

    /// Verifies one tenant's chain from its first entry (or from `start`, a retention checkpoint),
    /// with the store's own scan if it is a ``ChainVerifyingStore`` (which decides its own
    /// parallelism), else page by page on `parallelism` child tasks.
    public static func verify(
        store: some Store, tenant: String, start: LedgerHead = .empty, parallelism: Int = 2
    ) async throws(StoreError) -> ChainVerification {
        if let scanning = store as? any ChainVerifyingStore {
            return try await scanning.verifyChain(tenant: tenant, start: start)
        }
        return try await verifyPages(store: store, tenant: tenant, start: start, parallelism: parallelism)
    }

    /// Verifies one tenant's chain through ``Store/ledger(tenant:query:)``, any store: the next page
    /// is read while this one is hashed on `parallelism` child tasks.
    public static func verifyPages(
        store: some Store, tenant: String, start: LedgerHead = .empty, parallelism: Int = 2
    ) async throws(StoreError) -> ChainVerification {
        var verifier = ChainVerifier(tenant: tenant, start: start)
        var fault: ChainFault?
        var page = try await store.ledger(tenant: tenant, query: LedgerQuery(afterSeq: start.seq, limit: pageSize))
        var head = LedgerHead.empty
        // The pages and the head are separate reads: on a ledger being written, the head read
        // last is ahead of the rows read before it. Read on up to it (a few rounds at most) so a
        // live ledger is not reported as missing entries.
        for _ in 0..<Self.catchUpRounds {
            while true {
                let cursor = page.nextCursor
                async let upcoming = nextPage(of: store, tenant: tenant, after: cursor)
                let matches = await contentsMatch(page.rows, parallelism: parallelism)
                for (row, match) in zip(page.rows, matches) {
                    if let found = verifier.check(row, contentsMatch: match) {
                        fault = found
                        break
                    }
                }
                guard fault == nil, let next = try await upcoming.get() else { break }
                page = next
            }
            head = try await store.head(tenant: tenant)
            guard fault == nil, head.seq > verifier.expected.seq else { break }
            page = try await store.ledger(tenant: tenant, query: LedgerQuery(afterSeq: verifier.expected.seq, limit: pageSize))
            if page.rows.isEmpty { break }
        }
        return verifier.finish(storedHead: head, fault: fault)
    }

    /// How many times a verification reads on after a head that moved while it read.
    static let catchUpRounds = 16

    /// The page after `cursor`, or nil when there is none.
    private static func nextPage(
        of store: some Store, tenant: String, after cursor: Int64?
    ) async -> Result<LedgerPage?, StoreError> {
        guard let cursor else { return .success(nil) }
        do {
            return .success(try await store.ledger(tenant: tenant, query: LedgerQuery(afterSeq: cursor, limit: pageSize)))
        } catch {
            return .failure(error)
        }
    }

    /// Whether each row's contents hash to its stored hash, split across `parallelism` child tasks.
    static func contentsMatch(_ rows: [StoredLedgerRow], parallelism: Int) async -> [Bool] {
        guard rows.count > 256, parallelism > 1 else { return LedgerHashBatch.contentsMatch(rows[...]) }
        let chunk = (rows.count + parallelism - 1) / parallelism
        return await withTaskGroup(of: (Int, [Bool]).self) { group in
            for start in stride(from: 0, to: rows.count, by: chunk) {
                let slice = rows[start..<min(start + chunk, rows.count)]
                group.addTask { (start, LedgerHashBatch.contentsMatch(slice)) }
            }
            var out = [Bool](repeating: false, count: rows.count)
            for await (start, matches) in group {
                out.replaceSubrange(start..<start + matches.count, with: matches)
            }
            return out
        }
    }
}

/// Recomputes many ledger hashes at once, for verifiers: each message is the previous hash's bytes
/// followed by the entry's canonical bytes, laid out back to back.
public enum LedgerHashBatch {
    /// Whether each row's contents hash to its stored `hash`: the same answers as
    /// `row.recomputedHash == row.hash`, without a String per row.
    public static func contentsMatch(_ rows: ArraySlice<StoredLedgerRow>) -> [Bool] {
        var capacity = 0
        for row in rows {
            let textBytes = row.tenant.utf8.count + row.kind.utf8.count + row.subject.utf8.count
                + row.actor.utf8.count + row.configRevision.utf8.count
            capacity += max(32, row.prevHash.utf8.count)
                + CanonicalEntryWriter.capacity(textBytes: textBytes, payloadBytes: row.canonicalPayload.count)
        }
        let count = rows.count
        let messages = UnsafeMutableRawPointer.allocate(byteCount: max(capacity, 1), alignment: 16)
        let offsets = UnsafeMutablePointer<Int>.allocate(capacity: count + 1)
        let expected = UnsafeMutableRawPointer.allocate(byteCount: max(32 * count, 1), alignment: 16)
        var flags = [UInt8](repeating: 0, count: count)
        defer {
            messages.deallocate()
            offsets.deallocate()
            expected.deallocate()
        }
        offsets[0] = 0
        for (i, row) in rows.enumerated() {
            let out = (messages + offsets[i]).assumingMemoryBound(to: UInt8.self)
            offsets[i + 1] = offsets[i] + write(row, at: out)
            var hash = row.hash
            if !hash.withUTF8({ Digest.decode32(hex: UnsafeRawBufferPointer($0), into: expected + 32 * i, lowercaseOnly: true) }) {
                flags[i] = 1
            }
        }
        flags.withUnsafeMutableBufferPointer { flags in
            guard let base = flags.baseAddress else { return }
            markMismatches(
                messages: messages, offsets: offsets, expected: expected, flags: base, range: 0..<count, mismatch: 1,
                engine: .fastest)
        }
        return flags.map { $0 == 0 }
    }

    /// Writes a row's message (previous hash bytes, then canonical entry) at `out`; returns its length.
    private static func write(_ row: StoredLedgerRow, at out: UnsafeMutablePointer<UInt8>) -> Int {
        var prevHash = row.prevHash, tenant = row.tenant, kind = row.kind, subject = row.subject
        var actor = row.actor, configRevision = row.configRevision
        let prefix = prevHash.withUTF8 { prev in
            let prev = UnsafeRawBufferPointer(prev)
            if Digest.decode32(hex: prev, into: out, lowercaseOnly: false) { return 32 }
            if let base = prev.baseAddress { out.update(from: base.assumingMemoryBound(to: UInt8.self), count: prev.count) }
            return prev.count
        }
        let entry = tenant.withUTF8 { tenant in
            kind.withUTF8 { kind in
                subject.withUTF8 { subject in
                    actor.withUTF8 { actor in
                        configRevision.withUTF8 { configRevision in
                            row.canonicalPayload.withUnsafeBytes { payload in
                                CanonicalEntryWriter.write(
                                    to: out + prefix, tenant: UnsafeRawBufferPointer(tenant), seq: row.seq,
                                    tsMilliseconds: row.ts.millisecondsSinceEpoch, kind: UnsafeRawBufferPointer(kind),
                                    subject: UnsafeRawBufferPointer(subject), actor: UnsafeRawBufferPointer(actor),
                                    canonicalPayload: payload, configRevision: UnsafeRawBufferPointer(configRevision))
                            }
                        }
                    }
                }
            }
        }
        return prefix + entry
    }

    /// How a batch is hashed: the answers are the same, the speed depends on the CPU.
    public enum Engine: Sendable, Hashable {
        /// swift-crypto, one message at a time: fastest where the CPU has SHA-256 instructions.
        case oneAtATime
        /// ``SHA256Lanes``, four messages at a time: about twice as fast without them.
        case lanes
        /// ``SHA256Instructions``: the CPU's SHA instructions without swift-crypto's per-message
        /// setup, where ``SHA256Instructions/available``.
        case instructions

        /// The fastest engine on this CPU.
        public static let fastest: Engine = {
            if SHA256Instructions.available { return .instructions }
            #if arch(x86_64)
            return .lanes
            #else
            return .oneAtATime
            #endif
        }()
    }

    /// For every row `i` in `range` whose `flags[i]` is 0, hashes the message
    /// `messages[offsets[i]..<offsets[i + 1]]` and sets `flags[i]` to `mismatch` unless the digest is
    /// the 32 bytes at `expected + 32 * i`. Rows in disjoint ranges may be hashed concurrently.
    public static func markMismatches(
        messages: UnsafeRawPointer, offsets: UnsafePointer<Int>, expected: UnsafeRawPointer,
        flags: UnsafeMutablePointer<UInt8>, range: Range<Int>, mismatch: UInt8, engine: Engine = .oneAtATime
    ) {
        func message(_ i: Int) -> UnsafeRawBufferPointer {
            UnsafeRawBufferPointer(start: messages + offsets[i], count: offsets[i + 1] - offsets[i])
        }
        func matches(_ digest: UnsafeRawPointer, _ i: Int) -> Bool {
            let want = expected + 32 * i
            for word in 0..<4 where digest.loadUnaligned(fromByteOffset: 8 * word, as: UInt64.self)
                != want.loadUnaligned(fromByteOffset: 8 * word, as: UInt64.self) {
                return false
            }
            return true
        }
        switch engine {
        case .oneAtATime:
            for i in range where flags[i] == 0 {
                var hasher = SHA256()
                hasher.update(bufferPointer: message(i))
                let same = hasher.finalize().withUnsafeBytes { digest in
                    digest.baseAddress.map { matches($0, i) } ?? false
                }
                if !same { flags[i] = mismatch }
            }
        case .instructions:
            precondition(SHA256Instructions.available, "SHA-256 instructions asked for on a CPU without them")
            withUnsafeTemporaryAllocation(byteCount: 32, alignment: 16) { digest in
                guard let digest = digest.baseAddress else { return }
                for i in range where flags[i] == 0 {
                    SHA256Instructions.hash(message(i), into: digest)
                    if !matches(digest, i) { flags[i] = mismatch }
                }
            }
        case .lanes:
            withUnsafeTemporaryAllocation(of: UnsafeRawBufferPointer.self, capacity: SHA256Lanes.width) { batch in
                withUnsafeTemporaryAllocation(byteCount: 32 * SHA256Lanes.width, alignment: 16) { digests in
                    guard let batch = batch.baseAddress, let digests = digests.baseAddress else { return }
                    var rows = (0, 0, 0, 0)
                    var count = 0
                    func flush() {
                        SHA256Lanes.hash(batch, count: count, into: digests)
                        withUnsafeBytes(of: rows) { rows in
                            for lane in 0..<count {
                                let i = rows.load(fromByteOffset: lane * MemoryLayout<Int>.stride, as: Int.self)
                                if !matches(digests + 32 * lane, i) { flags[i] = mismatch }
                            }
                        }
                        count = 0
                    }
                    for i in range where flags[i] == 0 {
                        batch[count] = message(i)
                        withUnsafeMutableBytes(of: &rows) { $0.storeBytes(of: i, toByteOffset: count * MemoryLayout<Int>.stride, as: Int.self) }
                        count += 1
                        if count == SHA256Lanes.width { flush() }
                    }
                    if count > 0 { flush() }
                }
            }
        }
    }
}
