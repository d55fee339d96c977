import GridCoordinator
import GridCore
import Testing

@Suite struct FairQueueTests {
    @Test func aSingleTaskIsNotStarvedByAHugeJob() {
        var queue = FairQueue<Int>()
        let big = AccountID(), small = AccountID()
        for index in 0..<10_000 { queue.append(index, owner: big) }
        queue.append(-1, owner: small)
        let firstTwo = [queue.next(where: { _ in true }), queue.next(where: { _ in true })]
        #expect(firstTwo.contains(-1))
        #expect(queue.count == 9_999)
    }

    @Test func eachClientIsServedInTurnAndInOrder() {
        var queue = FairQueue<String>()
        let a = AccountID(), b = AccountID()
        ["a1", "a2", "a3"].forEach { queue.append($0, owner: a) }
        ["b1", "b2"].forEach { queue.append($0, owner: b) }
        let order = (0..<5).compactMap { _ in queue.next(where: { _ in true }) }
        #expect(order == ["a1", "b1", "a2", "b2", "a3"])
        #expect(queue.isEmpty)
        #expect(queue.next(where: { _ in true }) == nil)
    }

    @Test func requeuedWorkGoesFirst() {
        var queue = FairQueue<String>()
        let a = AccountID(), b = AccountID()
        queue.append("a1", owner: a)
        queue.append("b1", owner: b)
        queue.prepend("b0", owner: b)
        #expect(queue.next(where: { _ in true }) == "b0")
    }

    @Test func refusedElementsAreSkippedNotLost() {
        var queue = FairQueue<Int>()
        let a = AccountID()
        [1, 2, 3].forEach { queue.append($0, owner: a) }
        #expect(queue.next(where: { $0 != 1 }) == 2)
        #expect(queue.next(where: { _ in true }) == 1)
        #expect(queue.removeAll { $0 == 3 } == [3])
        #expect(queue.isEmpty)
    }
}
