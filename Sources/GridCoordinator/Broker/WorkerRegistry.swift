package import DequeModule
package import GridCore

/// The connected workers: their sessions, how much work each may hold, and who is flagged.
///
/// What a worker claims in its hello is not what it gets. A worker starts on probation with at
/// most ``Configuration/probationSlots`` slots' worth of work, however many it claims, and its
/// share grows only with the concurrency the coordinator measures from its results: the rate at
/// which they arrive (timed here) times what each costs. A worker claiming 1,000 slots with one
/// core therefore holds about as much as an honest one-core worker. A claimed tier counts for
/// nothing until the operator grants one, so dispatch orders workers by load alone.
package struct WorkerRegistry {
    /// Bounds on what a worker may hold.
    package struct Configuration: Sendable {
        /// Every setting at its default.
        package init() {}

        /// Replicas a worker may hold per slot before its speed is known: one running and the rest
        /// waiting on the worker, so a slot never idles for a round trip between tasks.
        package var replicasPerSlot = 4
        /// The most replicas per slot a worker may hold, however short its tasks.
        package var maxReplicasPerSlot = 32
        /// How much work a worker's buffer should hold: enough for tiny tasks to cover a round trip
        /// and a commit (with tasks of 50 µs it holds 32 per slot), while with tasks of 20 ms it
        /// holds only 2, so a long job's tail is not stuck in one worker's buffer.
        package var bufferTarget: Duration = .milliseconds(4)
        /// Slots a new worker is trusted with, whatever it claims, until results show more.
        package var probationSlots = 2
        /// Results over which a worker's concurrency is measured.
        package var measuredResults = 16
    }

    /// One connected worker.
    package struct Session {
        package let link: WorkBroker.WorkerLink
        /// Replicas it holds (running or buffered).
        package var holding: Set<ReplicaID> = []
        package var paused = false
        package var draining = false
        /// When it was last heard from, on the monotonic clock.
        package var lastSeen: Duration
        package var completed = 0
        package var resultsChecked = 0
        /// Replicas it may hold per slot, from how long its tasks take.
        package var window: Int
        /// Slots it has earned: the claimed slots, capped by measured concurrency.
        package var earnedSlots: Int
        /// Smoothed cost of one of its replicas in microseconds (run time plus handling).
        package var averageMicroseconds: Double?
        /// When its recent results arrived (monotonic), for its measured rate.
        package var arrivals = Deque<Duration>()
        /// Its price now: the base fee + its bid (nil for a bid that cannot be priced).
        package var quote: Quote?

        package var claimedSlots: Int { link.hello.slots }
        /// The most replicas it may hold.
        package var capacity: Int { earnedSlots * window }
        /// Replicas it runs at once (the first of those it holds, in the order sent).
        package var runningSlots: Int { min(claimedSlots, earnedSlots) }
        package var free: Int { paused || draining ? 0 : max(0, capacity - holding.count) }

        package var candidate: WorkerCandidate {
            WorkerCandidate(
                id: link.id, memoryPerSlot: link.hello.memoryBytes / UInt64(max(1, link.hello.slots)), prices: link.hello.prices,
                price: quote?.price)
        }
    }

    package let configuration: Configuration
    package private(set) var sessions: [WorkerID: Session] = [:]
    /// Workers caught lying; they may not reconnect.
    package private(set) var flagged: Set<WorkerID> = []

    package init(configuration: Configuration) {
        self.configuration = configuration
    }

    package subscript(id: WorkerID) -> Session? {
        sessions[id]
    }

    package var isEmpty: Bool { sessions.isEmpty }

    /// Adds a session; nil when the worker is flagged. The caller ends an older session first.
    package mutating func connect(_ link: WorkBroker.WorkerLink, quote: Quote?, now: Duration) -> Session? {
        guard !flagged.contains(link.id) else { return nil }
        let session = Session(
            link: link, lastSeen: now, window: configuration.replicasPerSlot,
            earnedSlots: min(link.hello.slots, configuration.probationSlots), quote: quote)
        sessions[link.id] = session
        return session
    }

    /// Sets every worker's price from `board` (after the base fee changed).
    package mutating func reprice(_ board: PriceBoard) {
        for id in sessions.keys {
            sessions[id]!.quote = board.quote(bid: sessions[id]!.link.hello.prices.cpuPerFuel)
        }
    }

    /// Removes a session, returning it.
    package mutating func remove(_ id: WorkerID) -> Session? {
        sessions.removeValue(forKey: id)
    }

    /// Flags workers: they are refused from now on.
    package mutating func flag(_ ids: some Sequence<WorkerID>) {
        flagged.formUnion(ids)
    }

    package mutating func heard(from id: WorkerID, now: Duration) {
        sessions[id]?.lastSeen = now
    }

    /// Sets the paused flag; returns true when it changed.
    package mutating func setPaused(_ id: WorkerID, _ paused: Bool) -> Bool {
        guard let was = sessions[id]?.paused, was != paused else { return false }
        sessions[id]!.paused = paused
        return true
    }

    package mutating func setDraining(_ id: WorkerID) {
        sessions[id]?.draining = true
    }

    package mutating func hold(_ replica: ReplicaID, on id: WorkerID) {
        sessions[id]?.holding.insert(replica)
    }

    package mutating func release(_ replica: ReplicaID, on id: WorkerID) {
        sessions[id]?.holding.remove(replica)
    }

    /// Whether this result's signature should be checked: every one of a worker's first 16, then
    /// one in 32 at random, so a worker that signs garbage is caught early and cannot know which
    /// results are checked. (A check costs ~90 µs, most of a core at thousands of results a second.)
    package mutating func samplesSignature(of id: WorkerID, random: inout some RandomNumberGenerator) -> Bool {
        guard sessions[id] != nil else { return true }
        sessions[id]!.resultsChecked += 1
        return sessions[id]!.resultsChecked <= 16 || Int.random(in: 0..<32, using: &random) == 0
    }

    /// A result arrived from the worker: learn its speed and concurrency.
    package mutating func completed(on id: WorkerID, wallMicroseconds: UInt64, now: Duration) {
        guard var session = sessions[id] else { return }
        session.completed += 1
        // Handling a result (signing, messages, recording) costs about as much again as a trivial run.
        let cost = Double(min(wallMicroseconds, 3_600_000_000)) + 50
        let average = session.averageMicroseconds.map { $0 * 0.8 + cost * 0.2 } ?? cost
        session.averageMicroseconds = average
        let target = configuration.bufferTarget.inSeconds * 1_000_000
        session.window = min(configuration.maxReplicasPerSlot, max(2, Int(target / average) + 1))
        session.arrivals.append(now)
        if session.arrivals.count > configuration.measuredResults { session.arrivals.removeFirst() }
        if session.arrivals.count == configuration.measuredResults, let first = session.arrivals.first {
            // Little's law: replicas in progress = arrival rate × time each takes. One more than
            // measured, so a worker that has more slots can show it.
            let span = max((now - first).inSeconds, 1e-6)
            let rate = Double(session.arrivals.count - 1) / span
            let concurrency = rate * average / 1_000_000
            let measured = Int(concurrency.rounded(.up)) + 1
            session.earnedSlots = min(session.claimedSlots, max(configuration.probationSlots, measured))
        }
        sessions[id] = session
    }

    /// Workers not heard from for longer than `timeout`.
    package func silent(now: Duration, timeout: Duration) -> [WorkerID] {
        sessions.values.filter { now - $0.lastSeen > timeout }.map(\.link.id)
    }

    /// Workers with room for more work, least loaded first (by share of capacity held).
    package func withRoom() -> [WorkerID] {
        sessions.values.filter { $0.free > 0 }
            .sorted { lhs, rhs in
                let (l, r) = (lhs.holding.count * rhs.capacity, rhs.holding.count * lhs.capacity)
                return l != r ? l < r : lhs.link.id < rhs.link.id
            }
            .map(\.link.id)
    }
}
