import StewardCore

/// A batch of ledger rows laid out for hashing: each row's message (the previous hash's bytes
/// followed by the entry's canonical bytes) back to back, with its sequence number, the 32 bytes
/// its stored hash spells, and what the row-by-row checks found.
///
/// Owned by one reader at a time; hashing workers touch disjoint row ranges of a filled chunk.
final class ChainChunk {
    /// What is known about a row. Checks run in the order of ``ChainBreak``.
    enum Status: UInt8 {
        /// No break found: sound once its hash matched (a mismatch turns it into ``contents``).
        case sound = 0
        case sequence = 1
        case link = 2
        case contents = 3
    }

    let rowCapacity: Int
    private(set) var count = 0
    private(set) var used = 0
    private(set) var byteCapacity: Int
    private(set) var bytes: UnsafeMutableRawPointer
    let offsets: UnsafeMutablePointer<Int>
    let seqs: UnsafeMutablePointer<Int64>
    let status: UnsafeMutablePointer<UInt8>
    let storedHashes: UnsafeMutableRawPointer

    init(rowCapacity: Int, byteCapacity: Int) {
        self.rowCapacity = rowCapacity
        self.byteCapacity = byteCapacity
        bytes = .allocate(byteCount: byteCapacity, alignment: 16)
        offsets = .allocate(capacity: rowCapacity + 1)
        offsets[0] = 0
        seqs = .allocate(capacity: rowCapacity)
        status = .allocate(capacity: rowCapacity)
        storedHashes = .allocate(byteCount: 32 * rowCapacity, alignment: 16)
    }

    deinit {
        bytes.deallocate()
        offsets.deallocate()
        seqs.deallocate()
        status.deallocate()
        storedHashes.deallocate()
    }

    var isFull: Bool { count == rowCapacity }

    func removeAll() {
        count = 0
        used = 0
    }

    /// Room for a message of up to `bytes` bytes, or nil when the chunk should be handed on first.
    /// An empty chunk grows to fit any row.
    func reserve(_ needed: Int) -> UnsafeMutablePointer<UInt8>? {
        if used + needed > byteCapacity {
            guard count == 0 else { return nil }
            bytes.deallocate()
            byteCapacity = max(needed, byteCapacity)
            bytes = .allocate(byteCount: byteCapacity, alignment: 16)
        }
        return (bytes + used).assumingMemoryBound(to: UInt8.self)
    }

    /// Appends the row whose message of `length` bytes was just written at ``reserve(_:)``.
    func append(seq: Int64, length: Int, status rowStatus: Status) {
        seqs[count] = seq
        status[count] = rowStatus.rawValue
        used += length
        count += 1
        offsets[count] = used
    }

    /// Where the stored hash of the row being appended goes.
    var nextStoredHash: UnsafeMutableRawPointer { storedHashes + 32 * count }

    /// Recomputes the hashes of rows `range` that passed the sequence and link checks, and marks
    /// those whose contents do not match their stored hash.
    func hash(_ range: Range<Int>, engine: LedgerHashBatch.Engine) {
        LedgerHashBatch.markMismatches(
            messages: UnsafeRawPointer(bytes), offsets: offsets, expected: UnsafeRawPointer(storedHashes),
            flags: status, range: range, mismatch: Status.contents.rawValue, engine: engine)
    }
}
