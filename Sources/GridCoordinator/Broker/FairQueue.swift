import DequeModule
package import GridCore

/// Replicas waiting for a slot: first come, first served within each client, round-robin between
/// clients, so one client's 10,000-task job cannot starve another client's single task.
///
/// A replica put back after a failure goes to the head of its client's line, and its client to
/// the front of the rotation: the client never waits twice for a worker's fault.
package struct FairQueue<Element> {
    /// Every setting at its default.
    package init() {}

    private var lines: [AccountID: Deque<Element>] = [:]
    private var rotation: Deque<AccountID> = []
    package private(set) var count = 0

    package var isEmpty: Bool { count == 0 }

    /// Adds work at the back of `owner`'s line.
    package mutating func append(_ element: Element, owner: AccountID) {
        if lines[owner] == nil {
            lines[owner] = []
            rotation.append(owner)
        }
        lines[owner]!.append(element)
        count += 1
    }

    /// Puts work back at the head of `owner`'s line, and `owner` next in the rotation.
    package mutating func prepend(_ element: Element, owner: AccountID) {
        if lines[owner] == nil {
            lines[owner] = []
        } else {
            rotation.removeAll { $0 == owner }
        }
        rotation.prepend(owner)
        lines[owner]!.prepend(element)
        count += 1
    }

    /// What ``next(_:)``'s caller makes of an element it is shown.
    package enum Choice {
        /// Take it: it is removed and returned.
        case take
        /// Leave it in place and look further.
        case skip
        /// Remove it (the caller keeps it elsewhere) and look further.
        case remove
    }

    /// Takes the first element, in fair order, that `choose` takes; the client served moves to
    /// the back of the rotation. Within a client's line it looks past elements `choose` skips
    /// (a replica whose task this worker holds), but only ``lookahead`` of them, to keep dispatch
    /// cheap; elements it removes do not count, so a line whose head nobody can take is cleared.
    package mutating func next(_ choose: (Element) -> Choice) -> Element? {
        for _ in 0..<rotation.count {
            // Lines emptied by removals leave the rotation, so it may run out early.
            guard let owner = rotation.popFirst() else { return nil }
            // The line is changed in place through its index: a copy taken out of the dictionary
            // would make the removal copy the whole line (copy on write), O(n) per replica.
            guard let slot = lines.index(forKey: owner) else { continue }
            var position = 0
            var skipped = 0
            var taken: Element?
            while position < lines.values[slot].count, skipped < Self.lookahead {
                switch choose(lines.values[slot][position]) {
                case .take:
                    taken = lines.values[slot].remove(at: position)
                    count -= 1
                case .skip:
                    position += 1
                    skipped += 1
                    continue
                case .remove:
                    lines.values[slot].remove(at: position)
                    count -= 1
                    continue
                }
                break
            }
            if lines.values[slot].isEmpty {
                lines.remove(at: slot)
            } else {
                rotation.append(owner)
            }
            if let taken { return taken }
        }
        return nil
    }

    /// Takes the first element, in fair order, that `accepts` allows, looking past the ones it
    /// refuses as ``next(_:)`` does.
    package mutating func next(where accepts: (Element) -> Bool) -> Element? {
        next { accepts($0) ? .take : .skip }
    }

    /// How many skipped elements of one client's line ``next(_:)`` looks past.
    package static var lookahead: Int { 64 }

    /// Removes every element `matches` selects; returns them.
    package mutating func removeAll(where matches: (Element) -> Bool) -> [Element] {
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
