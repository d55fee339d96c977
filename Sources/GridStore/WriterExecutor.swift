import NIOPosix
import Synchronization

/// One thread for everything the store writes: the writing connection's SQLite calls run on it,
/// and so does the task that holds that connection, between its statements as well as during
/// them.
///
/// Each statement is a trip to a thread pool and back. With SQLite on SwiftNIO's shared pool and
/// the task on the shared cooperative pool, every trip woke two threads, and under load (hundreds
/// of clients' requests on two cores) the way back waited in line behind every other ready task
/// while the writer held the connection. Here a statement is queued behind the step that asked
/// for it, and the step after it behind the statement, on one thread: no wake-ups in between,
/// and no line to wait in.
package final class WriterExecutor: TaskExecutor, Sendable {
    /// The one-thread pool the writing connection runs its SQLite calls on.
    let threadPool = NIOThreadPool(numberOfThreads: 1)
    /// The thread's pthread handle, once it has run something.
    private let thread = Mutex<pthread_t?>(nil)

    /// Starts the thread.
    package init() {
        threadPool.start()
        threadPool.submit { _ in self.thread.withLock { $0 = pthread_self() } }
    }

    package func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        threadPool.submit { _ in job.runSynchronously(on: executor) }
    }

    /// Whether the caller is running on this executor's thread.
    package var isCurrentThread: Bool {
        thread.withLock { $0.map { pthread_equal($0, pthread_self()) != 0 } ?? false }
    }

    /// Ends the thread once it has run what it was given; call after the connection closed.
    package func stop() {
        threadPool.shutdownGracefully { _ in }
    }
}
