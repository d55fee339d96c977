import DequeModule
import Foundation
import GridCore
import GridSandbox
import Synchronization

/// Checks uploaded modules (`POST /v1/modules`) off the cooperative thread pool.
///
/// Parsing and eagerly compiling a module of up to 64 MiB is long, synchronous work that would
/// hold a thread of Swift's cooperative pool, which every request and the broker share. So each
/// check runs on a thread of its own, at most ``CoordinatorConfiguration/moduleValidationThreads``
/// at once (a thread takes the next waiting upload when it is done), with at most
/// ``CoordinatorConfiguration/maxQueuedModuleValidations`` uploads waiting; past that an upload is
/// answered 503 with Retry-After at once.
///
/// A check that runs longer than ``CoordinatorConfiguration/moduleValidationTimeout`` is answered
/// 422 and its module is not stored; its hash is remembered, so the same bytes uploaded again are
/// refused without another check. WasmKit cannot be interrupted mid-compilation, so the thread
/// finishes the check before it takes another: a slow module costs its thread, never more, and
/// uploads behind it wait or are refused by the bound.
package final class ModuleValidator: Sendable {
    /// Checks the bytes; throws ``SandboxError`` when the module is refused.
    package typealias Validate = @Sendable ([UInt8]) throws -> Void

    private struct State {
        var running = 0
        var waiting: Deque<Check> = []
    }

    /// One upload's check, answered once: by its result or by its timer, whichever comes first.
    private final class Check: Sendable {
        let bytes: [UInt8]
        let hash: ContentHash
        private let continuation: Mutex<CheckedContinuation<Void, any Error>?>

        init(bytes: [UInt8], hash: ContentHash, continuation: CheckedContinuation<Void, any Error>) {
            self.bytes = bytes
            self.hash = hash
            self.continuation = Mutex(continuation)
        }

        /// Answers the upload, unless it was answered before; `first` runs just before the answer,
        /// only when this is the answer.
        func finish(_ result: Result<Void, any Error>, first: () -> Void = {}) {
            guard let continuation = continuation.withLock({ $0.take() }) else { return }
            first()
            continuation.resume(with: result)
        }
    }

    private let threads: Int
    private let maxQueued: Int
    private let timeout: Duration
    private let checkModule: Validate
    private let state = Mutex(State())
    private let tooSlow = KnownBlobs(bound: 10_000)

    /// A validator with the coordinator's limits, checking with `validate`.
    package init(configuration: CoordinatorConfiguration, validate: @escaping Validate) {
        self.threads = max(1, configuration.moduleValidationThreads)
        self.maxQueued = max(0, configuration.maxQueuedModuleValidations)
        self.timeout = configuration.moduleValidationTimeout
        self.checkModule = validate
    }

    /// Checks `bytes` as a module, or throws the ``Problem`` to answer: 422 naming `module` for a
    /// module refused or too slow to check, 503 when too many uploads wait.
    package func validate(_ bytes: [UInt8]) async throws {
        let hash = ContentHash(of: bytes)
        if tooSlow.contains(hash) { throw timedOut }
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let check = Check(bytes: bytes, hash: hash, continuation: continuation)
            enum Admission { case start, queued, full }
            let admission: Admission = state.withLock { state in
                if state.running < threads {
                    state.running += 1
                    return .start
                }
                guard state.waiting.count < maxQueued else { return .full }
                state.waiting.append(check)
                return .queued
            }
            switch admission {
            case .start: startThread(with: check)
            case .queued: break
            case .full:
                check.finish(.failure(Problem.unavailable(
                    "\(threads + maxQueued) uploaded modules are being checked or waiting already; retry later")))
            }
        }
    }

    private var timedOut: Problem {
        Problem.unprocessable(
            "checking the module took longer than the coordinator's limit of \(timeout.inSeconds) s, so it is not stored; upload a smaller module",
            field: "module")
    }

    /// How many uploads wait for a thread now.
    package var queued: Int { state.withLock { $0.waiting.count } }

    private static let threadMarker = "idlegrid.module-check"

    /// Whether the caller runs on one of the validators' own threads.
    package static var isCheckThread: Bool {
        Thread.current.threadDictionary[threadMarker] as? Bool == true
    }

    private func startThread(with first: Check) {
        let thread = Thread { [self] in
            Thread.current.threadDictionary[Self.threadMarker] = true
            var next: Check? = first
            while let check = next {
                run(check)
                next = state.withLock { state in
                    if let waiting = state.waiting.popFirst() { return waiting }
                    state.running -= 1
                    return nil
                }
            }
        }
        thread.name = "idlegrid-module-check"
        // WasmKit's parser and compiler recurse; give them a main thread's stack.
        thread.stackSize = 8 << 20
        thread.start()
    }

    /// Runs one check on the calling (dedicated) thread, its timer on the pool.
    private func run(_ check: Check) {
        let (timeout, timedOut, tooSlow) = (self.timeout, self.timedOut, self.tooSlow)
        let timer = Task {
            try await Task.sleep(for: timeout)
            check.finish(.failure(timedOut)) { tooSlow.insert(check.hash) }
        }
        let result: Result<Void, any Error>
        do {
            try checkModule(check.bytes)
            result = .success(())
        } catch let error as SandboxError {
            result = .failure(Problem.unprocessable(error.message, field: "module"))
        } catch {
            result = .failure(Problem.unprocessable("the module could not be checked: \(error)", field: "module"))
        }
        timer.cancel()
        check.finish(result)
    }
}
