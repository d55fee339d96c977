import Foundation

/// Runs blocking calls (a `recv`, a pipe read) on a thread of their own. On the cooperative pool,
/// two threads on two cores, two such calls would stall every other test and the in-process
/// coordinator they are waiting on, until their timeouts passed.
enum OwnThread {
    static func run<Value: Sendable>(_ body: @escaping @Sendable () throws -> Value) async throws -> Value {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try body() }) }.start()
        }
    }
}
