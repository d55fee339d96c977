public import GridCore
@_spi(Fuzzing) import WasmKit
import Synchronization

/// Runs WebAssembly modules deterministically, with fuel metering and hard limits.
///
/// One `Sandbox` holds one WasmKit `Engine` with fuel metering on, and a cache of validated
/// modules keyed by SHA-256, so a module is parsed and validated once however many tasks run it.
/// Runs share nothing a guest can observe: each gets an instance that is either fresh or kept from
/// an earlier run and reset to exactly its state after instantiation (memory and globals copied
/// back; see ``InstanceReusePlan`` for which modules qualify). Keeping instances saves translating
/// the module's functions again for every task. `run` is synchronous and thread-safe: call it from
/// as many threads as there are cores to use.
///
/// ```swift
/// let sandbox = Sandbox()
/// let module = try sandbox.load(bytes)
/// let outcome = try sandbox.run(module, Invocation(arguments: ["1000000"]), limits: .standard)
/// ```
public final class Sandbox: Sendable {
    /// Which results can be compared byte for byte: the execution engine and its version, and the
    /// CPU architecture. WasmKit leaves the bits of a NaN to the host CPU, so a guest that prints
    /// the raw bits of a NaN may differ across architectures; replicas of a task are compared only
    /// within one class. Changing the engine version changes the class.
    public static let determinismClass: String = {
        #if arch(x86_64)
        let architecture = "x86_64"
        #elseif arch(arm64)
        let architecture = "arm64"
        #else
        let architecture = "other"
        #endif
        return "wasmkit-0.4.2/\(architecture)"
    }()

    /// The configuration this sandbox was created with.
    public let configuration: SandboxConfiguration
    private let engine: Engine
    /// Compiles eagerly, to validate every function body when a module is loaded.
    private let validationEngine: Engine
    private let cache: Mutex<ModuleCache>
    private let warm: Mutex<WarmInstancePool>
    private let watchdog = FuelWatchdog.shared

    /// Creates a sandbox with its own engine and module cache.
    public init(configuration: SandboxConfiguration = SandboxConfiguration()) {
        self.configuration = configuration
        self.engine = Engine(configuration: EngineConfiguration(memoryBoundsChecking: .software, fuelMetering: true))
        self.validationEngine = Engine(configuration: EngineConfiguration(compilationMode: .eager, fuelMetering: true))
        self.cache = Mutex(ModuleCache(capacity: configuration.moduleCacheCapacity))
        self.warm = Mutex(WarmInstancePool(budgetBytes: configuration.warmInstanceBytes))
    }

    /// Parses, validates and checks `bytes`, or returns the cached module with the same hash.
    ///
    /// - Throws: ``SandboxError`` when the bytes are too large or not valid WebAssembly, or the
    ///   module imports anything the deterministic host does not provide (the error names it), or
    ///   its initial memory is over ``SandboxConfiguration/validationMemoryBytes``.
    public func load(_ bytes: [UInt8]) throws(SandboxError) -> SandboxModule {
        guard bytes.count <= configuration.maxModuleBytes else {
            throw .moduleTooLarge(byteCount: bytes.count, limit: configuration.maxModuleBytes)
        }
        let hash = ContentHash(of: bytes)
        if let cached = cachedModule(hash) { return cached }
        let parsed: Module
        do {
            parsed = try parseWasm(bytes: bytes)
        } catch {
            throw .notWebAssembly(WasmKitErrorText.readable(error))
        }
        let module = try SandboxModule(
            hash: hash, byteCount: bytes.count, module: parsed,
            reusePlan: configuration.warmInstanceBytes > 0 ? try? InstanceReusePlan(for: bytes) : nil,
            validatingWith: validationEngine, memoryLimitBytes: configuration.validationMemoryBytes)
        cache.withLock { $0.insert(module) }
        return module
    }

    /// The cached module with this hash, if it has been loaded and not evicted.
    public func cachedModule(_ hash: ContentHash) -> SandboxModule? {
        cache.withLock { $0.lookup(hash) }
    }

    /// How many instances of the module are kept for later runs.
    package func keptInstances(of hash: ContentHash) -> Int {
        warm.withLock { $0.count(for: hash) }
    }

    /// Runs `invocation` of `module` under `limits`.
    ///
    /// Everything the guest does, including trapping or hitting a limit, is reported in the
    /// returned ``ExecutionOutcome``.
    ///
    /// - Throws: ``SandboxError`` only when the run cannot start: the entry point is missing or
    ///   does not fit the arguments, the arguments are too large, or the initial memory is over
    ///   the limit. Nothing of the guest has run then.
    public func run(
        _ module: SandboxModule, _ invocation: Invocation, limits: GridCore.Limits, cancellation: SandboxCancellation? = nil
    ) throws(SandboxError) -> ExecutionOutcome {
        let entryName: String
        let arguments: [Int64]
        switch invocation.entry {
        case .command: (entryName, arguments) = ("_start", [])
        case .export(let name, let values): (entryName, arguments) = (name, values)
        }
        guard let signature = module.exportSignatures[entryName] else {
            throw .missingExport(entryName, available: Array(module.exportedFunctions))
        }
        let values = try Self.convert(arguments, for: signature, name: entryName)
        try invocation.checkSize()

        var kept = warm.withLock { $0.take(module.hash) }
        if let kept, UInt64(kept.initialMemoryBytes) > limits.memoryBytes {
            warm.withLock { $0.put(kept, for: module.hash) }
            throw .initialMemoryOverLimit(requestedBytes: kept.initialMemoryBytes, limitBytes: limits.memoryBytes)
        }
        let store = kept?.store ?? Store(engine: engine)
        let memoryCap = MemoryCap(limitBytes: limits.memoryBytes, allocatedBytes: kept?.initialMemoryBytes)
        store.resourceLimiter = memoryCap
        store.fuel = Fuel(remaining: limits.fuel)
        let host = DeterministicWASI(invocation: invocation, limits: limits)
        let started = ContinuousClock.now
        let watch = watchdog.watch(store, until: started + limits.wallClock)
        cancellation?.attach(watch)

        var termination: Termination
        do {
            let instance: WarmInstance
            if let kept {
                instance = kept
            } else {
                do {
                    instance = try WarmInstance(instantiating: module, in: store, host: host)
                } catch {
                    // A refused initial size surfaces from WasmKit as a trap, so ask the cap first.
                    if let refused = memoryCap.refusedInitialBytes {
                        throw SandboxError.initialMemoryOverLimit(requestedBytes: refused, limitBytes: limits.memoryBytes)
                    }
                    // Anything else from the start function is the guest's doing: report it below.
                    guard error is Trap || error is HostInterruption else {
                        throw SandboxError.instantiationFailed(WasmKitErrorText.readable(error))
                    }
                    throw error
                }
                kept = instance
            }
            instance.binding.host = host
            guard let function = instance.instance.exports[function: entryName] else {
                throw SandboxError.missingExport(entryName, available: Array(module.exportedFunctions))
            }
            let results = try function.invoke(values)
            termination = invocation.entry == .command ? .exited(code: 0) : .returned(results.map(Self.integer))
        } catch let error as SandboxError {
            watchdog.release(watch)
            throw error
        } catch let interruption as HostInterruption {
            switch interruption {
            case .exit(let code): termination = .exited(code: code)
            case .outputLimit: termination = .limitExceeded(.output)
            case .outOfFuel: termination = .limitExceeded(.fuel)
            case .missingMemoryExport: termination = .trapped(reason: interruption.description)
            }
        } catch {
            let reason = WasmKitErrorText.readable(error)
            termination = reason == "out of fuel" ? .limitExceeded(.fuel) : .trapped(reason: reason)
        }
        let verdict = watchdog.release(watch)
        let wallTime = ContinuousClock.now - started
        // A run the engine stopped mid-instruction (a trap, the wall clock) leaves nothing a reset
        // misses, but such runs are rare, so their instance is simply not kept.
        if let kept, !verdict.fired, !Self.isTrap(termination), kept.reset() {
            warm.withLock { $0.put(kept, for: module.hash) }
        }

        var fuelUsed = limits.fuel - (store.fuel?.remaining ?? 0)
        if verdict.fired {
            termination = cancellation?.isCancelled == true ? .cancelled : .limitExceeded(.wallClock)
            fuelUsed = limits.fuel - verdict.remainingWhenDrained
        } else if termination == .limitExceeded(.fuel) {
            // The failing charge leaves what it could not cover; the run still spent its budget.
            fuelUsed = limits.fuel
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

    private static func isTrap(_ termination: Termination) -> Bool {
        if case .trapped = termination { true } else { false }
    }

    private static func integer(_ value: Value) -> Int64 {
        switch value {
        case .i32(let bits): Int64(Int32(bitPattern: bits))
        case .i64(let bits): Int64(bitPattern: bits)
        default: 0
        }
    }
}
