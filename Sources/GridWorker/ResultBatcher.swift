package import GridCore

/// Gathers finished results into messages: up to ``maxResults`` per message, and up to
/// ``maxBytes`` of output and stderr, so that a batch of results never nears the coordinator's
/// message limit (``WorkerProtocol/maxMessageBytes``). A result larger than ``maxBytes`` on its
/// own goes alone.
package struct ResultBatcher {
    /// Results per message at most.
    package static let maxResults = 32
    /// Output and stderr bytes per message at most, unless one result alone has more.
    package static let maxBytes = 4 << 20

    private var pending: [ReplicaResult] = []
    private var pendingBytes = 0

    /// How many results wait.
    /// An empty batcher.
    package init() {}

    package var count: Int { pending.count }

    /// The bytes a result adds to a message's budget.
    package static func size(of result: ReplicaResult) -> Int { result.output.count + result.stderr.count }

    /// Adds a result, and returns the batches that must go now, in order: what waited, when
    /// this result would take it over either bound, and then this result's batch, once full.
    package mutating func add(_ result: ReplicaResult) -> [[ReplicaResult]] {
        var ready: [[ReplicaResult]] = []
        let size = Self.size(of: result)
        if !pending.isEmpty, pendingBytes + size > Self.maxBytes {
            ready.append(takeAll())
        }
        pending.append(result)
        pendingBytes += size
        if pending.count >= Self.maxResults || pendingBytes >= Self.maxBytes {
            ready.append(takeAll())
        }
        return ready
    }

    /// Everything that waits, as one batch (within both bounds), leaving none.
    package mutating func takeAll() -> [ReplicaResult] {
        defer {
            pending = []
            pendingBytes = 0
        }
        return pending
    }
}
