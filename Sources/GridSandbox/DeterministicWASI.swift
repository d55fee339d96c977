import GridCore
import WasmKit

/// The WASI preview 1 host for one run: the only way a guest touches the outside world.
///
/// Everything it offers is a pure function of the ``Invocation`` and of the fuel consumed so far:
/// arguments and environment as given, stdin from the input bytes, stdout and stderr into capped
/// buffers, `random_get` from a ``SeededGenerator``, and clocks that advance with fuel (one
/// nanosecond per unit) instead of real time. That is what makes replicas agree byte for byte.
///
/// Work a host call does on the guest's behalf is charged like WebAssembly's own bulk memory
/// operations: one unit of fuel per 64 bytes moved and one per iovec, so a guest cannot buy large
/// amounts of host work with a few cheap calls.
///
/// One instance serves one run on one thread; the instance's functions reach it through a
/// ``WASIHostBinding``.
final class DeterministicWASI {
    /// The instant the virtual realtime clock starts at: 2025-01-01T00:00:00Z, in nanoseconds.
    static let realtimeEpochNanoseconds: UInt64 = 1_735_689_600_000_000_000
    /// The most iovecs one `fd_read` or `fd_write` may pass, as on Linux (`IOV_MAX`).
    static let maxIovecs: UInt32 = 1024

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

    // MARK: - Arguments and environment

    func argsSizesGet(_ caller: borrowing Caller, _ p: UnsafeBufferPointer<Value>) throws -> WASIErrno {
        try sizes(of: argv, caller, p)
    }

    func argsGet(_ caller: borrowing Caller, _ p: UnsafeBufferPointer<Value>) throws -> WASIErrno {
        try strings(argv, caller, p)
    }

    func environSizesGet(_ caller: borrowing Caller, _ p: UnsafeBufferPointer<Value>) throws -> WASIErrno {
        try sizes(of: environ, caller, p)
    }

    func environGet(_ caller: borrowing Caller, _ p: UnsafeBufferPointer<Value>) throws -> WASIErrno {
        try strings(environ, caller, p)
    }

    // The sandbox bounds arguments and environment (Invocation.maxArgumentBytes), so their
    // counts and sizes fit in 32 bits.
    private func sizes(of strings: [[UInt8]], _ caller: borrowing Caller, _ p: UnsafeBufferPointer<Value>) throws -> WASIErrno {
        let memory = try GuestMemoryAccess(caller)
        let total = strings.reduce(0) { $0 + $1.count }
        return ok(memory.store(UInt32(strings.count), at: p[0].u32) && memory.store(UInt32(total), at: p[1].u32))
    }

    private func strings(_ strings: [[UInt8]], _ caller: borrowing Caller, _ p: UnsafeBufferPointer<Value>) throws -> WASIErrno {
        let memory = try GuestMemoryAccess(caller)
        let total = strings.reduce(0) { $0 + $1.count }
        guard memory.contains(p[0].u32, count: UInt64(strings.count) * 4), memory.contains(p[1].u32, count: UInt64(total)) else {
            return .fault
        }
        try charge(caller, bytes: total, items: strings.count)
        var pointer = p[0].u32
        var buffer = p[1].u32
        for string in strings {
            _ = memory.store(buffer, at: pointer)
            _ = memory.copy(string, to: buffer)
            pointer += 4
            buffer += UInt32(string.count)
        }
        return .success
    }

    // MARK: - File descriptors 0, 1, 2

    /// An `fd_read` or `fd_write` call's arguments, checked: a descriptor it may use, at most
    /// ``maxIovecs`` iovecs, and every buffer and the count pointer inside memory.
    private struct IovecCall {
        let memory: GuestMemoryAccess
        let iovecs: [(base: UInt32, length: UInt32)]
        let countPointer: UInt32
    }

    private func checkIovecCall(
        _ caller: borrowing Caller, _ p: UnsafeBufferPointer<Value>, descriptors: ClosedRange<UInt32>
    ) throws -> Result<IovecCall, WASIErrno> {
        guard descriptors.contains(p[0].u32) else { return .failure(.badf) }
        guard p[2].u32 <= Self.maxIovecs else { return .failure(.inval) }
        let memory = try GuestMemoryAccess(caller)
        guard let iovecs = memory.iovecs(at: p[1].u32, count: p[2].u32), memory.contains(p[3].u32, count: 4) else {
            return .failure(.fault)
        }
        return .success(IovecCall(memory: memory, iovecs: iovecs, countPointer: p[3].u32))
    }

    func fdRead(_ caller: borrowing Caller, _ p: UnsafeBufferPointer<Value>) throws -> WASIErrno {
        let call: IovecCall
        switch try checkIovecCall(caller, p, descriptors: 0...0) {
        case .success(let checked): call = checked
        case .failure(let errno): return errno
        }
        let (memory, iovecs) = (call.memory, call.iovecs)
        var total = 0
        for (base, length) in iovecs where length > 0 {
            // The count returned is 32 bits wide; aliased iovecs must not read past what it can say.
            let take = min(Int(length), stdin.count - stdinOffset, Int(UInt32.max) - total)
            guard take > 0 else { break }
            _ = memory.copy(stdin[stdinOffset..<stdinOffset + take], to: base)
            stdinOffset += take
            total += take
        }
        try charge(caller, bytes: total, items: iovecs.count)
        _ = memory.store(UInt32(total), at: call.countPointer)
        return .success
    }

    func fdWrite(_ caller: borrowing Caller, _ p: UnsafeBufferPointer<Value>) throws -> WASIErrno {
        let call: IovecCall
        switch try checkIovecCall(caller, p, descriptors: 1...2) {
        case .success(let checked): call = checked
        case .failure(let errno): return errno
        }
        let (fd, memory, iovecs) = (p[0].u32, call.memory, call.iovecs)
        var written = 0
        for (base, length) in iovecs where length > 0 {
            let current = fd == 1 ? stdout.count : stderr.count
            let room = outputLimit - current
            let kept = min(Int(length), room)
            try charge(caller, bytes: kept, items: 1)
            if let bytes = memory.load(at: base, count: UInt32(kept)) {
                if fd == 1 { stdout.append(contentsOf: bytes) } else { stderr.append(contentsOf: bytes) }
            }
            // Writing past the cap ends the run: a guest printing forever must not be billed for
            // output nobody will store, nor spin until its fuel is gone.
            guard Int(length) <= room else { throw HostInterruption.outputLimit }
            written += kept
        }
        // At most the output limit (≤ 256 MiB) was written, so the count fits in 32 bits.
        _ = memory.store(UInt32(written), at: call.countPointer)
        return .success
    }

    func fdstatGet(_ caller: borrowing Caller, _ p: UnsafeBufferPointer<Value>) throws -> WASIErrno {
        let fd = p[0].u32
        guard fd <= 2 else { return .badf }
        let memory = try GuestMemoryAccess(caller)
        // fdstat: u8 filetype (2 = character device), u16 flags, u64 rights_base, u64 rights_inheriting.
        let rights: UInt64 = fd == 0 ? 1 << 1 /* fd_read */ : 1 << 6 /* fd_write */
        var record = [UInt8](repeating: 0, count: 24)
        record[0] = 2
        withUnsafeBytes(of: rights.littleEndian) { record.replaceSubrange(8..<16, with: $0) }
        return ok(memory.copy(record, to: p[1].u32))
    }

    // MARK: - Randomness and clocks

    func randomGet(_ caller: borrowing Caller, _ p: UnsafeBufferPointer<Value>) throws -> WASIErrno {
        let memory = try GuestMemoryAccess(caller)
        guard memory.contains(p[0].u32, count: UInt64(p[1].u32)) else { return .fault }
        try charge(caller, bytes: Int(p[1].u32), items: 1)
        return ok(memory.withMutableBytes(at: p[0].u32, count: p[1].u32) { random.fill($0) })
    }

    func clockTimeGet(_ caller: borrowing Caller, _ p: UnsafeBufferPointer<Value>) throws -> WASIErrno {
        let clock = p[0].u32
        guard clock <= 3 else { return .inval }
        // Virtual time: one nanosecond per unit of fuel consumed so far.
        let elapsed = fuelBudget - (caller.store.fuel?.remaining ?? fuelBudget)
        let now = clock == 0 ? Self.realtimeEpochNanoseconds &+ elapsed : elapsed
        let memory = try GuestMemoryAccess(caller)
        return ok(memory.store(now, at: p[2].u32))
    }

    func clockResGet(_ caller: borrowing Caller, _ p: UnsafeBufferPointer<Value>) throws -> WASIErrno {
        guard p[0].u32 <= 3 else { return .inval }
        let memory = try GuestMemoryAccess(caller)
        return ok(memory.store(UInt64(1), at: p[1].u32))
    }

    // MARK: - Helpers

    /// Charges one unit per 64 bytes and one per item, or ends the run if the budget cannot pay.
    private func charge(_ caller: borrowing Caller, bytes: Int, items: Int) throws {
        let cost = UInt64(bytes / 64 + items)
        let remaining = caller.store.fuel?.remaining ?? 0
        guard cost <= remaining else {
            caller.store.fuel = Fuel(remaining: 0)
            throw HostInterruption.outOfFuel
        }
        caller.store.fuel = Fuel(remaining: remaining - cost)
    }

    private func ok(_ success: Bool) -> WASIErrno {
        success ? .success : .fault
    }
}
