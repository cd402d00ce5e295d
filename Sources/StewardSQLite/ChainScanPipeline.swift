import Dispatch
import StewardCore

/// Reads the next chunk of a ledger scan while the current one is hashed, then walks the hashed
/// chunk in order, until the scan ends or the chain breaks.
///
/// Unchecked Sendable: within a round, work item 0 alone touches the reader and the chunk being
/// filled, the other items touch disjoint row ranges of the chunk being hashed, and
/// `concurrentPerform` returns only when every item is done; between rounds one thread owns all.
final class ChainScanPipeline: @unchecked Sendable {
    /// Rows per chunk: enough to keep every core busy, few enough to stay in the caches.
    static let chunkRows = 4096
    /// Rows per hashing work item; the reader takes work items too once its next chunk is read.
    static let pieceRows = 256

    /// How far the chain is sound, and the first break after that.
    struct Outcome: Sendable {
        var sound: Int64 = 0
        var head: LedgerHead
        var fault: ChainBreak?
    }

    private let engine: LedgerHashBatch.Engine
    private var reader: ChainRowReader
    private var current = ChainChunk(rowCapacity: chunkRows, byteCapacity: chunkRows * 512)
    private var upcoming = ChainChunk(rowCapacity: chunkRows, byteCapacity: chunkRows * 512)
    private var failure: SQLiteScanError?

    /// The reader's first row, when it started without a row before (``ChainRowReader/entry``).
    var entry: ChainLink? { reader.entry }
    /// The last row read; the span's last row once a scan without a fault ended.
    var exit: ChainLink? { reader.exit }

    init(reader: ChainRowReader, engine: LedgerHashBatch.Engine) {
        self.reader = reader
        self.engine = engine
    }

    /// Scans to the end of the chain or its first break after `start`.
    func run(from start: LedgerHead) throws(SQLiteScanError) -> Outcome {
        var outcome = Outcome(head: start)
        try reader.fill(current)
        while current.count > 0 {
            round()
            if let failure { throw failure }
            if let found = tally(current, into: &outcome) {
                outcome.fault = found
                break
            }
            swap(&current, &upcoming)
        }
        return outcome
    }

    /// Hashes `current` on every core while work item 0 fills `upcoming`. Items are claimed in
    /// order by whichever thread is free, so the reader's thread hashes too once it has read; the
    /// statement is only ever stepped by one thread at a time, and GRDB is not called meanwhile.
    private func round() {
        let pieces = (current.count + Self.pieceRows - 1) / Self.pieceRows
        DispatchQueue.concurrentPerform(iterations: pieces + 1) { item in
            if item == 0 {
                readAhead()
            } else {
                let lower = (item - 1) * Self.pieceRows
                current.hash(lower..<min(lower + Self.pieceRows, current.count), engine: engine)
            }
        }
    }

    private func readAhead() {
        do throws(SQLiteScanError) {
            if reader.finished { upcoming.removeAll() } else { try reader.fill(upcoming) }
        } catch {
            failure = error
        }
    }

    /// Walks a hashed chunk in order; returns the first break, having counted the sound rows before it.
    private func tally(_ chunk: ChainChunk, into outcome: inout Outcome) -> ChainBreak? {
        var sound = 0
        var found: ChainBreak?
        while sound < chunk.count, found == nil {
            switch ChainChunk.Status(rawValue: chunk.status[sound]) {
            case .sound: sound += 1
            case .sequence: found = .sequence(found: chunk.seqs[sound])
            case .link: found = .link
            case .contents, nil: found = .contents
            }
        }
        if sound > 0 {
            let hash = UnsafeRawBufferPointer(start: chunk.storedHashes + 32 * (sound - 1), count: 32)
            outcome.sound += Int64(sound)
            outcome.head = LedgerHead(seq: chunk.seqs[sound - 1], hash: Digest.hex(hash))
        }
        return found
    }
}
