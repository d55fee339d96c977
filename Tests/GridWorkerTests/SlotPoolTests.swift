import Foundation
import GridWorker
import Synchronization
import Testing

@Suite("Slot pool")
struct SlotPoolTests {
    /// Counts work running at once, and the most ever seen.
    final class Concurrency: Sendable {
        private let state = Mutex((now: 0, most: 0, order: [Int]()))
        func enter(_ index: Int) { state.withLock { $0.now += 1; $0.most = max($0.most, $0.now); $0.order.append(index) } }
        func leave() { state.withLock { $0.now -= 1 } }
        var most: Int { state.withLock { $0.most } }
        var order: [Int] { state.withLock { $0.order } }
    }

    private func runAll(slots: Int, count: Int, work: @escaping @Sendable (Int) -> Void = { _ in Thread.sleep(forTimeInterval: 0.02) }) async -> Concurrency {
        let pool = SlotPool(slots: slots, name: "test")
        let seen = Concurrency()
        let done = Mutex(0)
        for index in 0..<count {
            pool.submit {
                seen.enter(index)
                work(index)
                seen.leave()
                done.withLock { $0 += 1 }
            }
        }
        while done.withLock({ $0 }) < count { try? await Task.sleep(for: .milliseconds(5)) }
        pool.stop()
        return seen
    }

    @Test("no more replicas run at once than there are slots, and every slot is used")
    func boundedBySlots() async {
        let seen = await runAll(slots: 3, count: 12)
        #expect(seen.most == 3)
        #expect(Set(seen.order) == Set(0..<12))
    }

    @Test("one slot runs replicas one at a time, in arrival order")
    func oneSlotKeepsOrder() async {
        let seen = await runAll(slots: 1, count: 20, work: { _ in })
        #expect(seen.most == 1)
        #expect(seen.order == Array(0..<20))
    }

    @Test("stopping lets queued work finish first")
    func stopDrains() async {
        let pool = SlotPool(slots: 1, name: "test")
        let finished = Mutex(0)
        for _ in 0..<5 {
            pool.submit {
                Thread.sleep(forTimeInterval: 0.01)
                finished.withLock { $0 += 1 }
            }
        }
        pool.stop()
        for _ in 0..<200 where finished.withLock({ $0 }) < 5 {
            try? await Task.sleep(for: .milliseconds(5))
        }
        #expect(finished.withLock { $0 } == 5)
    }
}
