/// The answer to `GET /v1/ledger/settlements`: a page of the settlement chain, oldest first.
public struct SettlementBlocks: Sendable, Hashable, Codable {
    /// The blocks asked for, in chain order.
    public var blocks: [SettlementBlockView]

    /// A page of blocks.
    public init(blocks: [SettlementBlockView]) {
        self.blocks = blocks
    }
}
