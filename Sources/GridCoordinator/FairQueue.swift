import DequeModule
import GridCore

/// Replicas waiting for a slot: first come, first served within each client, round-robin between
/// clients, so one client's 10,000-task job cannot starve another client's single task.
///
/// A replica put back after a failure goes to the head of its client's line, and its client to
/// the front of the rotation: the client never waits twice for a worker's fault.
struct FairQueue<Element> {
    private var lines: [AccountID: Deque<Element>] = [:]
    private var rotation: Deque<AccountID> = []
    private(set) var count = 0

    var isEmpty: Bool { count == 0 }

    /// Adds work at the back of `owner`'s line.
    mutating func append(_ element: Element, owner: AccountID) {
        if lines[owner] == nil {
            lines[owner] = []
            rotation.append(owner)
        }
        lines[owner]!.append(element)
        count += 1
    }

    /// Puts work back at the head of `owner`'s line, and `owner` next in the rotation.
    mutating func prepend(_ element: Element, owner: AccountID) {
        if lines[owner] == nil {
            lines[owner] = []
        } else {
            rotation.removeAll { $0 == owner }
        }
        rotation.prepend(owner)
        lines[owner]!.prepend(element)
        count += 1
    }

    /// Takes the first element, in fair order, that `accepts` allows; the client served moves to
    /// the back of the rotation. Within a client's line it looks past elements `accepts` refuses
    /// (a replica whose task this worker already ran), but only a few, to keep dispatch cheap.
    mutating func next(where accepts: (Element) -> Bool) -> Element? {
        for _ in 0..<rotation.count {
            let owner = rotation.removeFirst()
            // The line is changed in place through its index: a copy taken out of the dictionary
            // would make the removal copy the whole line (copy on write), O(n) per replica.
            guard let slot = lines.index(forKey: owner) else { continue }
            let window = min(lines.values[slot].count, 64)
            if let position = (0..<window).first(where: { accepts(lines.values[slot][$0]) }) {
                let element = lines.values[slot].remove(at: position)
                count -= 1
                if lines.values[slot].isEmpty {
                    lines.remove(at: slot)
                } else {
                    rotation.append(owner)
                }
                return element
            }
            rotation.append(owner)
        }
        return nil
    }

    /// Removes every element `matches` selects; returns them.
    mutating func removeAll(where matches: (Element) -> Bool) -> [Element] {
        var removed: [Element] = []
        for (owner, line) in lines {
            let kept = line.filter { !matches($0) }
            removed += line.filter(matches)
            if kept.isEmpty {
                lines[owner] = nil
                rotation.removeAll { $0 == owner }
            } else {
                lines[owner] = Deque(kept)
            }
        }
        count -= removed.count
        return removed
    }
}
