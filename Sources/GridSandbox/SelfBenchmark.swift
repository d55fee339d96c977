import GridCore
import Dispatch
import Synchronization
import WAT

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

    /// The reference workload: `run(n)` performs `n` rounds of xorshift64 and multiply-add.
    static let referenceModuleText = """
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

    /// The reference module's bytes.
    public static func referenceModule() throws -> [UInt8] {
        try wat2wasm(referenceModuleText)
    }

    /// Runs the reference workload on `cores` threads at once for about `duration`.
    public static func run(
        sandbox: Sandbox, cores: Int = 1, duration: Duration = .milliseconds(500)
    ) throws -> Result {
        let module = try sandbox.load(referenceModule())
        let limits = try Limits(fuel: Limits.Bounds.fuel.upperBound, wallClockMilliseconds: 600_000)
        @Sendable func rounds(_ n: Int64) throws -> ExecutionOutcome {
            try sandbox.run(module, Invocation(entry: .export(name: "run", arguments: [n])), limits: limits)
        }
        // Calibrate on one core, then size each core's share to last about `duration`.
        let probe = try rounds(200_000)
        let probeSeconds = max(seconds(probe.wallTime), 1e-6)
        let n = Int64(max(1, Double(200_000) * seconds(duration) / probeSeconds))

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
        let perCore = results.map { Double($0.fuelUsed) / max(seconds($0.wallTime), 1e-9) }
        return Result(
            fuelPerSecondPerCore: UInt64(perCore.reduce(0, +) / Double(perCore.count)),
            cores: workers,
            fuel: fuel,
            milliseconds: UInt64(seconds(elapsed) * 1000))
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
