import GridCore
import Dispatch
import Synchronization

/// Measures this machine's compute speed in fuel per second per core.
///
/// A worker runs it at start and reports the figure as its capacity; the coordinator later
/// re-checks the claim with capacity challenges. The reference workload is a fixed integer loop
/// (xorshift plus multiply-add), so the figure compares machines on equal terms.
public enum SelfBenchmark {
    /// What a benchmark run measured.
    public struct Result: Sendable, Hashable, Codable {
        /// Fuel per second one core sustains (the mean over the cores measured).
        public let fuelPerSecondPerCore: UInt64
        /// How many cores ran the workload at once.
        public let cores: Int
        /// Fuel consumed in total.
        public let fuel: UInt64
        /// Wall time of the measured runs, in milliseconds.
        public let milliseconds: UInt64
    }

    /// The reference workload, `run(n)`: `n` rounds of xorshift64 and multiply-add. These are the
    /// bytes of ``referenceModuleText`` compiled; a test checks that they still are.
    public static let referenceModule: [UInt8] = [
        0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x06, 0x01, 0x60, 0x01, 0x7e, 0x01, 0x7e,
        0x03, 0x02, 0x01, 0x00, 0x07, 0x07, 0x01, 0x03, 0x72, 0x75, 0x6e, 0x00, 0x00, 0x0a, 0x50, 0x01,
        0x4e, 0x01, 0x02, 0x7e, 0x42, 0xc4, 0xf4, 0xfd, 0xdd, 0xdc, 0x91, 0xd0, 0x9c, 0x01, 0x21, 0x01,
        0x02, 0x40, 0x03, 0x40, 0x20, 0x00, 0x50, 0x0d, 0x01, 0x20, 0x01, 0x20, 0x01, 0x42, 0x0d, 0x86,
        0x85, 0x21, 0x01, 0x20, 0x01, 0x20, 0x01, 0x42, 0x07, 0x88, 0x85, 0x21, 0x01, 0x20, 0x01, 0x20,
        0x01, 0x42, 0x11, 0x86, 0x85, 0x21, 0x01, 0x20, 0x02, 0x20, 0x01, 0x42, 0x1f, 0x7e, 0x7c, 0x21,
        0x02, 0x20, 0x00, 0x42, 0x01, 0x7d, 0x21, 0x00, 0x0c, 0x00, 0x0b, 0x0b, 0x20, 0x02, 0x0b,
    ]

    /// The reference workload's source, in WebAssembly text.
    public static let referenceModuleText = """
        (module
          (func (export "run") (param $n i64) (result i64)
            (local $x i64) (local $acc i64)
            (local.set $x (i64.const 88172645463325252))
            (block $done
              (loop $next
                (br_if $done (i64.eqz (local.get $n)))
                (local.set $x (i64.xor (local.get $x) (i64.shl (local.get $x) (i64.const 13))))
                (local.set $x (i64.xor (local.get $x) (i64.shr_u (local.get $x) (i64.const 7))))
                (local.set $x (i64.xor (local.get $x) (i64.shl (local.get $x) (i64.const 17))))
                (local.set $acc (i64.add (local.get $acc) (i64.mul (local.get $x) (i64.const 31))))
                (local.set $n (i64.sub (local.get $n) (i64.const 1)))
                (br $next)))
            (local.get $acc)))
        """

    /// Runs the reference workload on `cores` threads at once for about `duration`.
    public static func run(
        sandbox: Sandbox, cores: Int = 1, duration: Duration = .milliseconds(500)
    ) throws -> Result {
        let module = try sandbox.load(referenceModule)
        let limits = try Limits(fuel: Limits.Bounds.fuel.upperBound, wallClockMilliseconds: 600_000)
        @Sendable func rounds(_ n: Int64) throws -> ExecutionOutcome {
            let outcome = try sandbox.run(module, Invocation(entry: .export(name: "run", arguments: [n])), limits: limits)
            guard case .returned = outcome.termination else { throw SelfBenchmarkFailure(termination: outcome.termination) }
            return outcome
        }
        // Calibrate on one core, then size each core's share to last about `duration` (at most
        // ten minutes, the wall-clock limit above).
        let probe = try rounds(200_000)
        let probeSeconds = max(probe.wallTime.inSeconds, 1e-6)
        let target = min(max(duration.inSeconds, 0.001), 500)
        let n = Int64(max(1, Double(200_000) * target / probeSeconds))

        let workers = max(1, cores)
        let outcomes = Mutex<[ExecutionOutcome]>([])
        let failure = Mutex<(any Error)?>(nil)
        let started = ContinuousClock.now
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            do {
                let outcome = try rounds(n)
                outcomes.withLock { $0.append(outcome) }
            } catch {
                failure.withLock { $0 = error }
            }
        }
        let elapsed = ContinuousClock.now - started
        if let error = failure.withLock({ $0 }) { throw error }
        let results = outcomes.withLock { $0 }
        let fuel = results.reduce(0) { $0 + $1.fuelUsed }
        let perCore = results.map { Double($0.fuelUsed) / max($0.wallTime.inSeconds, 1e-9) }
        return Result(
            fuelPerSecondPerCore: UInt64(perCore.reduce(0, +) / Double(perCore.count)),
            cores: workers,
            fuel: fuel,
            milliseconds: UInt64(elapsed.inSeconds * 1000))
    }
}
