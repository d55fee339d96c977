/// Reads a log's settlement blocks from a ``LedgerSource``, page by page, checking each as it
/// comes: its canonical text, its link to the block before and its checkpoint's signature. What
/// `idlegrid ledger settlements` shows and what ``LedgerAuditor`` checks against the rows.
public enum SettlementChain {
    /// Every block the source serves, in order, each with the checkpoint it carries.
    ///
    /// - Throws: ``LedgerAuditError/badBlock(sequence:_:)`` naming the first block that does not
    ///   check out; ``LedgerAuditError/unreadable(_:_:)`` when a page cannot be fetched.
    public static func read(
        from source: any LedgerSource, verifier: NoteVerifier
    ) async throws(LedgerAuditError) -> [(block: SettlementBlock, checkpoint: Checkpoint)] {
        var blocks: [(block: SettlementBlock, checkpoint: Checkpoint)] = []
        while true {
            let next = UInt64(blocks.count)
            let page: [[UInt8]]
            do {
                page = try await source.settlementBlocks(from: next)
            } catch {
                throw .unreadable("settlement blocks from \(next)", error)
            }
            guard !page.isEmpty else { return blocks }
            for text in page {
                do {
                    let block = try SettlementBlock(decoding: text)
                    blocks.append((block, try block.verify(after: blocks.last?.block, verifier: verifier)))
                } catch {
                    throw .badBlock(sequence: UInt64(blocks.count), error.message)
                }
            }
        }
    }
}
