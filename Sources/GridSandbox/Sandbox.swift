public import GridCore
@_spi(Fuzzing) import WasmKit
import Foundation
import Synchronization

/// Runs WebAssembly modules deterministically, with fuel metering and hard limits.
///
/// One `Sandbox` holds one WasmKit `Engine` with fuel metering on, and a cache of parsed modules
/// keyed by SHA-256, so a module is parsed once however many tasks run it. Every run gets a fresh
/// store and instance, so runs share nothing. `run` is synchronous and thread-safe: call it from as
/// many threads as there are cores to use.
///
/// ```swift
/// let sandbox = Sandbox()
/// let module = try sandbox.load(bytes)
/// let outcome = try sandbox.run(module, Invocation(arguments: ["1000000"]), limits: .standard)
/// ```
public final class Sandbox: Sendable {
    /// The configuration this sandbox was created with.
    public let configuration: SandboxConfiguration
    private let engine: Engine
    private let cache: Mutex<ModuleCache>
    private let watchdog = FuelWatchdog.shared

    /// Creates a sandbox with its own engine and module cache.
    public init(configuration: SandboxConfiguration = SandboxConfiguration()) {
        self.configuration = configuration
        self.engine = Engine(configuration: EngineConfiguration(fuelMetering: true))
        self.cache = Mutex(ModuleCache(capacity: configuration.moduleCacheCapacity))
    }

    /// Parses and checks `bytes`, or returns the cached module with the same hash.
    ///
    /// - Throws: ``SandboxError`` when the bytes are not WebAssembly, are too large, or import
    ///   anything the deterministic host does not provide (the error names the import).
    public func load(_ bytes: [UInt8]) throws(SandboxError) -> SandboxModule {
        guard bytes.count <= configuration.maxModuleBytes else {
            throw .notWebAssembly("\(bytes.count) bytes is over the \(configuration.maxModuleBytes)-byte module limit")
        }
        let hash = ContentHash(of: bytes)
        if let cached = cachedModule(hash) { return cached }
        let parsed: Module
        do {
            parsed = try parseWasm(bytes: bytes)
        } catch {
            throw .notWebAssembly(Self.readable(error))
        }
        let module = try SandboxModule(hash: hash, byteCount: bytes.count, module: parsed)
        cache.withLock { $0.insert(module) }
        return module
    }

    /// The cached module with this hash, if it has been loaded and not evicted.
    public func cachedModule(_ hash: ContentHash) -> SandboxModule? {
        cache.withLock { $0.lookup(hash) }
    }

    /// Runs `invocation` of `module` under `limits`.
    ///
    /// Everything the guest does, including trapping or hitting a limit, is reported in the
    /// returned ``ExecutionOutcome``.
    ///
    /// - Throws: ``SandboxError`` only when the run cannot start: the entry point is missing or
    ///   its signature does not fit the arguments, or the initial memory is over the limit.
    public func run(_ module: SandboxModule, _ invocation: Invocation, limits: GridCore.Limits) throws(SandboxError) -> ExecutionOutcome {
        let entryName: String
        let arguments: [Int64]
        switch invocation.entry {
        case .command: (entryName, arguments) = ("_start", [])
        case .export(let name, let values): (entryName, arguments) = (name, values)
        }
        guard module.exportedFunctions.contains(entryName) else {
            throw .missingExport(entryName, available: Array(module.exportedFunctions))
        }

        let store = Store(engine: engine)
        let memoryCap = MemoryCap(limitBytes: limits.memoryBytes)
        store.resourceLimiter = memoryCap
        store.fuel = Fuel(remaining: limits.fuel)
        let host = DeterministicWASI(invocation: invocation, limits: limits)
        let started = ContinuousClock.now
        let watch = watchdog.watch(store, until: started + limits.wallClock)

        var termination: Termination
        do {
            let instance: Instance
            do {
                instance = try module.module.instantiate(store: store, imports: host.imports(for: module, store: store))
            } catch {
                // A refused initial size surfaces from WasmKit as a trap, so ask the cap first.
                if let refused = memoryCap.refusedInitialBytes {
                    throw SandboxError.initialMemoryOverLimit(requestedBytes: refused, limitBytes: limits.memoryBytes)
                }
                // Anything else from the start function is the guest's doing: report it below.
                guard error is Trap || error is GuestExit || error is OutputLimitReached else {
                    throw SandboxError.instantiationFailed(String(describing: error))
                }
                throw error
            }
            memoryCap.instantiated = true
            guard let function = instance.exports[function: entryName] else {
                throw SandboxError.missingExport(entryName, available: Array(module.exportedFunctions))
            }
            let values = try Self.convert(arguments, for: function.type, name: entryName)
            let results = try function.invoke(values)
            termination = invocation.entry == .command ? .exited(code: 0) : .returned(results.map(Self.integer))
        } catch let error as SandboxError {
            watchdog.release(watch)
            throw error
        } catch let exit as GuestExit {
            termination = .exited(code: exit.code)
        } catch is OutputLimitReached {
            termination = .limitExceeded(.output)
        } catch {
            termination = .trapped(reason: Self.reason(of: error))
        }
        let verdict = watchdog.release(watch)
        let wallTime = ContinuousClock.now - started

        var fuelUsed = limits.fuel - (store.fuel?.remaining ?? 0)
        if verdict.fired {
            termination = .limitExceeded(.wallClock)
            fuelUsed = limits.fuel - verdict.remainingWhenDrained
        } else if case .trapped(let reason) = termination {
            if reason == "out of fuel" {
                // The failing charge leaves what it could not cover; the run still spent its budget.
                termination = .limitExceeded(.fuel)
                fuelUsed = limits.fuel
            } else if memoryCap.growthRefused {
                // A trap after a refused growth is the guest failing for want of memory.
                termination = .limitExceeded(.memory)
            }
        }
        return ExecutionOutcome(
            termination: termination,
            stdout: host.stdout,
            stderr: host.stderr,
            fuelUsed: fuelUsed,
            outputHash: ContentHash(of: host.stdout),
            wallTime: wallTime,
            peakMemoryBytes: UInt64(memoryCap.peakBytes),
            memoryGrowthRefused: memoryCap.growthRefused)
    }

    private static func convert(_ arguments: [Int64], for type: FunctionType, name: String) throws(SandboxError) -> [Value] {
        guard arguments.count == type.parameters.count else {
            throw .badArguments("'\(name)' takes \(type.parameters.count) argument(s), \(arguments.count) given")
        }
        for (index, result) in type.results.enumerated() where result != .i32 && result != .i64 {
            throw .badArguments("result \(index + 1) of '\(name)' is \(result); only integer results are supported")
        }
        var values: [Value] = []
        for (index, (argument, parameter)) in zip(arguments, type.parameters).enumerated() {
            switch parameter {
            case .i32:
                guard argument >= Int64(Int32.min), argument <= Int64(UInt32.max) else {
                    throw .badArguments("argument \(index + 1) of '\(name)' is \(argument), which does not fit its i32 parameter")
                }
                values.append(.i32(UInt32(truncatingIfNeeded: argument)))
            case .i64:
                values.append(.i64(UInt64(bitPattern: argument)))
            default:
                throw .badArguments("parameter \(index + 1) of '\(name)' is \(parameter); only integer parameters are supported")
            }
        }
        return values
    }

    private static func integer(_ value: Value) -> Int64 {
        switch value {
        case .i32(let bits): Int64(Int32(bitPattern: bits))
        case .i64(let bits): Int64(bitPattern: bits)
        default: 0
        }
    }

    /// WasmKit's parse errors print their message wrapped as `Message(text: "…")`; its fields
    /// are package-private, so the text is unwrapped from the description.
    static func readable(_ error: any Error) -> String {
        var text = String(describing: error)
        while let open = text.range(of: "Message(text: \""), let close = text.range(of: "\")", range: open.upperBound..<text.endIndex) {
            text.replaceSubrange(open.lowerBound..<close.upperBound, with: text[open.upperBound..<close.lowerBound])
        }
        return text.replacingOccurrences(of: "\"", with: "")
    }

    /// A trap's reason without WasmKit's "Trap: " prefix and backtrace.
    private static func reason(of error: any Error) -> String {
        let text = String(describing: error)
        let firstLine = text.split(separator: "\n", maxSplits: 1).first.map(String.init) ?? text
        return firstLine.hasPrefix("Trap: ") ? String(firstLine.dropFirst(6)) : firstLine
    }
}
