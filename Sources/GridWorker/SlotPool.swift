import DequeModule
import Foundation

/// The worker's execution slots: one thread per slot, each taking the next replica from one
/// shared line, in arrival order.
///
/// The sandbox computes synchronously, so a replica needs a thread of its own while it runs. A
/// thread per slot, fed directly by the connection's reader, hands an assignment to a running
/// sandbox with one wake-up; a task that waits on a gate and then hops to a dispatch queue and
/// back took four, which on a small VM was most of a trivial task's round trip.
package final class SlotPool: @unchecked Sendable {
    // Guarded by `condition`.
    private let condition = NSCondition()
    private var line = Deque<@Sendable () -> Void>()
    private var stopped = false

    /// Starts `slots` threads (at least one).
    package init(slots: Int, name: String) {
        for index in 0..<max(1, slots) {
            let thread = Thread { [self] in serve() }
            thread.name = "\(name)-slot-\(index)"
            // Guest execution has its own heap-allocated stack; host calls and signing need little.
            thread.stackSize = 8 << 20
            thread.start()
        }
    }

    /// Queues `work` to run on the next free slot.
    package func submit(_ work: @escaping @Sendable () -> Void) {
        condition.withLock {
            line.append(work)
            condition.signal()
        }
    }

    /// Lets the threads finish what is queued, then end.
    package func stop() {
        condition.withLock {
            stopped = true
            condition.broadcast()
        }
    }

    private func serve() {
        while true {
            let next: (@Sendable () -> Void)? = condition.withLock {
                while line.isEmpty && !stopped { condition.wait() }
                return line.popFirst()
            }
            guard let next else { return }
            next()
        }
    }
}
