import GridCore
import WasmKit

/// The WASI preview 1 host for one run: the only way a guest touches the outside world.
///
/// Everything it offers is a pure function of the ``Invocation`` and of the fuel consumed so far:
/// arguments and environment as given, stdin from the input bytes, stdout and stderr into capped
/// buffers, `random_get` from a ``SeededGenerator``, and clocks that advance with fuel (one
/// nanosecond per unit) instead of real time. That is what makes replicas agree byte for byte.
///
/// One instance serves one run on one thread, like the `Store` it is bound to.
final class DeterministicWASI {
    /// The instant the virtual realtime clock starts at: 2025-01-01T00:00:00Z, in nanoseconds.
    static let realtimeEpochNanoseconds: UInt64 = 1_735_689_600_000_000_000

    private let argv: [[UInt8]]
    private let environ: [[UInt8]]
    private let stdin: [UInt8]
    private var stdinOffset = 0
    private var random: SeededGenerator
    private let outputLimit: Int
    private let fuelBudget: UInt64

    /// What the guest wrote to fd 1.
    private(set) var stdout: [UInt8] = []
    /// What the guest wrote to fd 2.
    private(set) var stderr: [UInt8] = []

    init(invocation: Invocation, limits: GridCore.Limits) {
        argv = ([invocation.programName] + invocation.arguments).map { Array($0.utf8) + [0] }
        environ = invocation.environment.map { Array("\($0.key)=\($0.value)".utf8) + [0] }
        stdin = invocation.stdin
        random = SeededGenerator(seed: invocation.seed)
        outputLimit = Int(clamping: limits.outputBytes)
        fuelBudget = limits.fuel
    }

    /// Builds the host functions for exactly the WASI imports `module` declares, in `store`.
    func imports(for module: SandboxModule, store: Store) -> Imports {
        var imports = Imports()
        for name in module.wasiImports {
            guard let entry = WASIImportTable.entries[name] else { continue }
            let body: Function.RawImplementation
            switch entry.behaviour {
            case .implemented:
                body = implementation(of: name)
            case .refusedWithErrno(let errno):
                body = { _, _, results in results[0] = .i32(errno.rawValue) }
            }
            imports.define(
                module: WASIImportTable.moduleName, name: name,
                Function(store: store, parameters: entry.parameters, results: entry.results, raw: body))
        }
        return imports
    }

    // The closures capture `self` strongly: the store holds them, and the run holds both, so the
    // cycle ends with the run.
    private func implementation(of name: String) -> Function.RawImplementation {
        switch name {
        case "args_sizes_get": { [self] caller, p, r in r[0] = try sizes(of: argv, caller, p) }
        case "args_get": { [self] caller, p, r in r[0] = try strings(argv, caller, p) }
        case "environ_sizes_get": { [self] caller, p, r in r[0] = try sizes(of: environ, caller, p) }
        case "environ_get": { [self] caller, p, r in r[0] = try strings(environ, caller, p) }
        case "fd_read": { [self] caller, p, r in r[0] = try fdRead(caller, p) }
        case "fd_write": { [self] caller, p, r in r[0] = try fdWrite(caller, p) }
        case "fd_fdstat_get": { [self] caller, p, r in r[0] = try fdstatGet(caller, p) }
        case "random_get": { [self] caller, p, r in r[0] = try randomGet(caller, p) }
        case "clock_time_get": { [self] caller, p, r in r[0] = try clockTimeGet(caller, p) }
        case "clock_res_get": { [self] caller, p, r in r[0] = try clockResGet(caller, p) }
        case "proc_exit": { _, p, _ in throw GuestExit(code: Int32(bitPattern: p[0].u32)) }
        case "sched_yield": { _, _, r in r[0] = .i32(WASIErrno.success.rawValue) }
        default: { _, _, r in r[0] = .i32(WASIErrno.inval.rawValue) }
        }
    }

    // MARK: - Arguments and environment

    private func sizes(of strings: [[UInt8]], _ caller: borrowing Caller, _ p: UnsafeBufferPointer<Value>) throws -> Value {
        let memory = try GuestMemory(caller)
        let total = strings.reduce(0) { $0 + $1.count }
        return errno(memory.store(UInt32(strings.count), at: p[0].u32) && memory.store(UInt32(total), at: p[1].u32))
    }

    private func strings(_ strings: [[UInt8]], _ caller: borrowing Caller, _ p: UnsafeBufferPointer<Value>) throws -> Value {
        let memory = try GuestMemory(caller)
        var pointer = p[0].u32
        var buffer = p[1].u32
        for string in strings {
            guard memory.store(buffer, at: pointer), memory.copy(string, to: buffer) else { return errno(false) }
            pointer &+= 4
            buffer &+= UInt32(string.count)
        }
        return errno(true)
    }

    // MARK: - File descriptors 0, 1, 2

    private func fdRead(_ caller: borrowing Caller, _ p: UnsafeBufferPointer<Value>) throws -> Value {
        guard p[0].u32 == 0 else { return .i32(WASIErrno.badf.rawValue) }
        let memory = try GuestMemory(caller)
        var total: UInt32 = 0
        guard let iovecs = memory.iovecs(at: p[1].u32, count: p[2].u32) else { return errno(false) }
        for (base, length) in iovecs {
            let take = min(Int(length), stdin.count - stdinOffset)
            guard take > 0 else { break }
            guard memory.copy(stdin[stdinOffset..<stdinOffset + take], to: base) else { return errno(false) }
            stdinOffset += take
            total += UInt32(take)
        }
        return errno(memory.store(total, at: p[3].u32))
    }

    private func fdWrite(_ caller: borrowing Caller, _ p: UnsafeBufferPointer<Value>) throws -> Value {
        let fd = p[0].u32
        guard fd == 1 || fd == 2 else { return .i32(WASIErrno.badf.rawValue) }
        let memory = try GuestMemory(caller)
        var written: UInt32 = 0
        guard let iovecs = memory.iovecs(at: p[1].u32, count: p[2].u32) else { return errno(false) }
        for (base, length) in iovecs {
            guard let bytes = memory.load(at: base, count: length) else { return errno(false) }
            let current = fd == 1 ? stdout.count : stderr.count
            let room = outputLimit - current
            let kept = bytes.prefix(max(0, room))
            if fd == 1 { stdout.append(contentsOf: kept) } else { stderr.append(contentsOf: kept) }
            // Writing past the cap ends the run: a guest printing forever must not be billed for
            // output nobody will store, nor spin until its fuel is gone.
            guard bytes.count <= room else { throw OutputLimitReached() }
            written += length
        }
        return errno(memory.store(written, at: p[3].u32))
    }

    private func fdstatGet(_ caller: borrowing Caller, _ p: UnsafeBufferPointer<Value>) throws -> Value {
        let fd = p[0].u32
        guard fd <= 2 else { return .i32(WASIErrno.badf.rawValue) }
        let memory = try GuestMemory(caller)
        // fdstat: u8 filetype (2 = character device), u16 flags, u64 rights_base, u64 rights_inheriting.
        let rights: UInt64 = fd == 0 ? 1 << 1 /* fd_read */ : 1 << 6 /* fd_write */
        var record = [UInt8](repeating: 0, count: 24)
        record[0] = 2
        withUnsafeBytes(of: rights.littleEndian) { record.replaceSubrange(8..<16, with: $0) }
        return errno(memory.copy(record, to: p[1].u32))
    }

    // MARK: - Randomness and clocks

    private func randomGet(_ caller: borrowing Caller, _ p: UnsafeBufferPointer<Value>) throws -> Value {
        let memory = try GuestMemory(caller)
        return errno(memory.withMutableBytes(at: p[0].u32, count: p[1].u32) { random.fill($0) })
    }

    private func clockTimeGet(_ caller: borrowing Caller, _ p: UnsafeBufferPointer<Value>) throws -> Value {
        let clock = p[0].u32
        guard clock <= 3 else { return .i32(WASIErrno.inval.rawValue) }
        // Virtual time: one nanosecond per unit of fuel consumed so far.
        let elapsed = fuelBudget - (caller.store.fuel?.remaining ?? fuelBudget)
        let now = clock == 0 ? Self.realtimeEpochNanoseconds &+ elapsed : elapsed
        let memory = try GuestMemory(caller)
        return errno(memory.store(now, at: p[2].u32))
    }

    private func clockResGet(_ caller: borrowing Caller, _ p: UnsafeBufferPointer<Value>) throws -> Value {
        guard p[0].u32 <= 3 else { return .i32(WASIErrno.inval.rawValue) }
        let memory = try GuestMemory(caller)
        return errno(memory.store(UInt64(1), at: p[1].u32))
    }

    private func errno(_ ok: Bool) -> Value {
        .i32(ok ? WASIErrno.success.rawValue : WASIErrno.fault.rawValue)
    }
}

/// Thrown by `proc_exit` to unwind the guest with its exit status.
struct GuestExit: Error {
    let code: Int32
}

/// Thrown by `fd_write` when a stream would pass the output limit.
struct OutputLimitReached: Error {}

extension Value {
    /// The value as an unsigned 32-bit integer (host function parameters are type-checked at load).
    var u32: UInt32 {
        if case .i32(let value) = self { value } else { 0 }
    }
}
