/// Where settlement blocks are published beyond the coordinator: an external chain, a witness,
/// a file another party watches. The coordinator hands it each block in order after the block is
/// stored, and asks at start which block it has, to hand it the rest.
public protocol SettlementAnchor: Sendable {
    /// The sequence number of the last block anchored, nil when none is.
    func latestAnchored() async throws -> UInt64?
    /// Anchors `block`, the one after ``latestAnchored()``.
    func anchor(_ block: SettlementBlock) async throws
}
