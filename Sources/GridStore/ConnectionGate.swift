/// A first-come, first-served lock over the store's one connection.
///
/// An actor alone is not enough: its methods interleave at every `await`, so two transactions
/// on one connection would mix their statements. Holders queue here instead, and the one that
/// holds the gate has the connection to itself until it releases it.
package actor ConnectionGate {
    private var held = false
    private var closed = false
    private var waiters: [CheckedContinuation<Void, Never>] = []
    private var nextWaiter = 0

    /// Waits for the gate; throws once the gate is closed, including for callers already waiting.
    package func acquire(path: String) async throws(StoreError) {
        guard !closed else { throw .closed(path: path) }
        if held {
            await withCheckedContinuation { waiters.append($0) }
            // The releaser handed the gate straight to us, so `held` is still true.
            guard !closed else {
                release()
                throw .closed(path: path)
            }
        } else {
            held = true
        }
    }

    /// Hands the gate to the longest waiter, or frees it.
    package func release() {
        if nextWaiter < waiters.count {
            let waiter = waiters[nextWaiter]
            nextWaiter += 1
            // Reclaim the consumed prefix now and then instead of shifting the array each time.
            if nextWaiter == waiters.count {
                waiters.removeAll(keepingCapacity: true)
                nextWaiter = 0
            }
            waiter.resume()
        } else {
            held = false
        }
    }

    /// Refuses every later `acquire`; the caller must hold the gate and release it afterwards.
    package func close() {
        closed = true
    }
}
