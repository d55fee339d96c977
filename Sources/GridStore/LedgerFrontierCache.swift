import GridLedger
import Synchronization

/// The ledger's tree as far as the last settlement folded it, so the next one reads only the rows
/// after it (stored rows never change).
final class LedgerFrontierCache: Sendable {
    private let frontier = Mutex(MerkleFrontier())

    /// The frontier as last kept.
    var value: MerkleFrontier {
        get { frontier.withLock { $0 } }
        set { frontier.withLock { $0 = newValue } }
    }
}
