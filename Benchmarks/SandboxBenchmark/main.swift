// The sandbox benchmark: how much slower than native the fuel-metered sandbox computes, and what
// one task costs beyond its own work. Run it in release mode:
//
//     swift run -c release SandboxBenchmark [--quick]
//
// 1. mandelbrot: the same C kernel (Guests/mandelbrot/mandelbrot_kernel.h) renders the same image
//    in the sandbox (the `mandelbrot` guest) and natively (the NativeKernels target); best of N.
// 2. per-task overhead: instantiate + run + collect for a trivial module (the `hello` guest and an
//    empty `_start`), over many runs; mean, p50 and p99.
import Foundation
import GridCore
import GridSandbox
import NativeKernels
import WAT

let quick = CommandLine.arguments.contains("--quick")
let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

func guest(_ name: String) throws -> [UInt8] {
    let path = repository.appendingPathComponent("Guests/build/\(name).wasm").path
    guard let data = FileManager.default.contents(atPath: path) else {
        throw BenchmarkFailure("no guest at \(path): run Guests/build.sh")
    }
    return [UInt8](data)
}

struct BenchmarkFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

func measure(_ body: () throws -> Void) rethrows -> Double {
    let start = ContinuousClock.now
    try body()
    return (ContinuousClock.now - start).inSeconds
}

func percentile(_ sorted: [Double], _ p: Double) -> Double {
    sorted[min(sorted.count - 1, Int((Double(sorted.count) * p).rounded(.down)))]
}

#if DEBUG
print("warning: this is a debug build; run `swift run -c release SandboxBenchmark` for real figures\n")
#endif

let sandbox = Sandbox()
let limits = try Limits(fuel: Limits.Bounds.fuel.upperBound, memoryBytes: 64 << 20, wallClockMilliseconds: 600_000, outputBytes: 64 << 20)

// MARK: 1. mandelbrot, sandbox versus native

let (width, height, iterations) = quick ? (320, 240, 256) : (1024, 768, 1000)
let rounds = quick ? 2 : 5
let mandelbrot = try sandbox.load(guest("mandelbrot"))
let invocation = Invocation(programName: "mandelbrot", arguments: ["\(width)", "\(height)", "0", "0", "\(width)", "\(height)", "\(iterations)"])

var sandboxBest = Double.infinity
var sandboxOutcome: ExecutionOutcome?
for _ in 0..<rounds {
    var outcome: ExecutionOutcome?
    let elapsed = try measure { outcome = try sandbox.run(mandelbrot, invocation, limits: limits) }
    guard let outcome, outcome.succeeded else { throw BenchmarkFailure("mandelbrot failed in the sandbox: \(String(describing: outcome?.termination))") }
    sandboxBest = min(sandboxBest, elapsed)
    sandboxOutcome = outcome
}

var pixels = [UInt8](repeating: 0, count: width * height * 3)
var nativeBest = Double.infinity
for _ in 0..<rounds {
    let elapsed = measure {
        pixels.withUnsafeMutableBufferPointer { buffer in
            native_mandelbrot_render(buffer.baseAddress, Int32(width), Int32(height), 0, 0, Int32(width), Int32(height), Int32(iterations))
        }
    }
    nativeBest = min(nativeBest, elapsed)
}
guard let sandboxOutcome, sandboxOutcome.stdout == pixels else {
    throw BenchmarkFailure("the sandbox and native renderings differ")
}
let ratio = sandboxBest / nativeBest
let fuelRate = Double(sandboxOutcome.fuelUsed) / sandboxBest

print("mandelbrot \(width)x\(height), \(iterations) iterations, best of \(rounds) (identical pixels)")
print(String(format: "  sandbox: %8.2f ms  (%.0f fuel, %.2e fuel/s)", sandboxBest * 1000, Double(sandboxOutcome.fuelUsed), fuelRate))
print(String(format: "  native:  %8.2f ms", nativeBest * 1000))
print(String(format: "  sandbox/native ratio: %.2fx  (target: within 3.5x)", ratio))

// MARK: 2. per-task overhead

func overhead(of module: SandboxModule, in sandbox: Sandbox, name: String, runs: Int) throws {
    let invocation = Invocation(programName: name)
    for _ in 0..<min(200, runs) { _ = try sandbox.run(module, invocation, limits: .standard) }
    var samples: [Double] = []
    samples.reserveCapacity(runs)
    var fuel: UInt64 = 0
    for _ in 0..<runs {
        var outcome: ExecutionOutcome?
        samples.append(try measure { outcome = try sandbox.run(module, invocation, limits: .standard) })
        guard let outcome, outcome.succeeded else { throw BenchmarkFailure("\(name) failed: \(String(describing: outcome?.termination))") }
        fuel = outcome.fuelUsed
    }
    samples.sort()
    let mean = samples.reduce(0, +) / Double(samples.count)
    print(String(format: "  %@: mean %6.1f µs, p50 %6.1f µs, p99 %6.1f µs  (%ld runs, %llu fuel each)",
                 name.padding(toLength: 22, withPad: " ", startingAt: 0), mean * 1e6, percentile(samples, 0.5) * 1e6, percentile(samples, 0.99) * 1e6, runs, fuel))
}

let runs = quick ? 2_000 : 20_000
print("\nper-task overhead: instantiate or reset + run + collect (target: under 100 µs)")
// The sandbox keeps instances between runs; the fresh one instantiates (and translates) each time.
let fresh = Sandbox(configuration: SandboxConfiguration(warmInstanceBytes: 0))
let empty = try wat2wasm(#"(module (memory (export "memory") 1) (func (export "_start")))"#)
try overhead(of: sandbox.load(guest("hello")), in: sandbox, name: "hello guest (prints)", runs: runs)
try overhead(of: fresh.load(guest("hello")), in: fresh, name: "hello, fresh instance", runs: runs)
try overhead(of: sandbox.load(empty), in: sandbox, name: "empty _start", runs: runs)
try overhead(of: fresh.load(empty), in: fresh, name: "empty, fresh instance", runs: runs)
