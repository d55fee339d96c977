import Foundation
import Synchronization

/// A thread of its own for the store's writes: the task that holds the writing connection runs
/// here, between its statements as well as during them.
///
/// Each statement is a trip to SwiftNIO's thread pool and back. On the shared cooperative pool
/// the way back waits in line behind every other ready task, and under load (hundreds of clients'
/// requests on two cores) those waits, a score of them per commit, were most of a commit's time:
/// the writer held the connection, idle, while everything it made durable waited on it.
/// Resuming on a thread that runs nothing else takes the line away.
final class WriterExecutor: TaskExecutor, @unchecked Sendable {
    // Guarded by `condition`.
    private var jobs: [UnownedJob] = []
    private var stopped = false
    private let condition = NSCondition()
    /// The thread's pthread handle, once it runs.
    private let thread = Mutex<pthread_t?>(nil)

    /// Whether the caller is running on this executor's thread.
    var isCurrentThread: Bool {
        thread.withLock { $0.map { pthread_equal($0, pthread_self()) != 0 } ?? false }
    }

    /// Starts the thread, named `name` (shows in `top -H` and profiles). The thread keeps the
    /// executor alive until ``stop()``.
    init(name: String) {
        let thread = Thread {
            // Named from inside: a name given before start does not reach the OS thread on Linux.
            Thread.current.name = name
            self.runJobs()
        }
        thread.start()
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.lock()
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    /// Lets the thread end once it has run every job already enqueued.
    func stop() {
        condition.lock()
        stopped = true
        condition.signal()
        condition.unlock()
    }

    private func runJobs() {
        thread.withLock { $0 = pthread_self() }
        let executor = asUnownedTaskExecutor()
        var batch: [UnownedJob] = []
        while true {
            condition.lock()
            while jobs.isEmpty && !stopped { condition.wait() }
            if jobs.isEmpty {
                condition.unlock()
                return
            }
            swap(&batch, &jobs)
            condition.unlock()
            for job in batch { job.runSynchronously(on: executor) }
            batch.removeAll(keepingCapacity: true)
        }
    }
}
