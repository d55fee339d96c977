import WasmKit

/// The WASI preview 1 functions the sandbox provides: each one's signature and body, in one place.
///
/// This table is the whole surface a guest can reach. A module importing anything else, or one of
/// these with another signature, is refused before it runs. File-descriptor operations other than
/// reading stdin and writing stdout/stderr are present only so that ordinary libc start-up code
/// links; they answer `EBADF` and touch nothing.
enum WASIImportTable {
    /// The module name every WASI preview 1 import lives under.
    static let moduleName = "wasi_snapshot_preview1"

    /// One provided function.
    struct Entry: Sendable {
        let parameters: [ValueType]
        let results: [ValueType]
        /// Makes the function's body, which calls the host of whichever run is in progress.
        let body: @Sendable (WASIHostBinding) -> Function.RawImplementation
    }

    static let entries: [String: Entry] = {
        let i32 = ValueType.i32, i64 = ValueType.i64
        func entry(
            _ parameters: [ValueType], _ results: [ValueType] = [i32],
            _ body: @escaping @Sendable (WASIHostBinding) -> Function.RawImplementation
        ) -> Entry {
            Entry(parameters: parameters, results: results, body: body)
        }
        // Only stdin, stdout and stderr exist, so any other descriptor operation has a bad one.
        func closed(_ parameters: [ValueType]) -> Entry {
            entry(parameters) { _ in { _, _, results in results[0] = .i32(WASIErrno.badf.rawValue) } }
        }
        return [
            "args_sizes_get": entry([i32, i32]) { binding in { results($2, try binding.active().argsSizesGet($0, $1)) } },
            "args_get": entry([i32, i32]) { binding in { results($2, try binding.active().argsGet($0, $1)) } },
            "environ_sizes_get": entry([i32, i32]) { binding in { results($2, try binding.active().environSizesGet($0, $1)) } },
            "environ_get": entry([i32, i32]) { binding in { results($2, try binding.active().environGet($0, $1)) } },
            "fd_read": entry([i32, i32, i32, i32]) { binding in { results($2, try binding.active().fdRead($0, $1)) } },
            "fd_write": entry([i32, i32, i32, i32]) { binding in { results($2, try binding.active().fdWrite($0, $1)) } },
            "fd_fdstat_get": entry([i32, i32]) { binding in { results($2, try binding.active().fdstatGet($0, $1)) } },
            "random_get": entry([i32, i32]) { binding in { results($2, try binding.active().randomGet($0, $1)) } },
            "clock_time_get": entry([i32, i64, i32]) { binding in { results($2, try binding.active().clockTimeGet($0, $1)) } },
            "clock_res_get": entry([i32, i32]) { binding in { results($2, try binding.active().clockResGet($0, $1)) } },
            "proc_exit": entry([i32], []) { _ in { _, parameters, _ in throw HostInterruption.exit(Int32(bitPattern: parameters[0].u32)) } },
            "sched_yield": entry([]) { _ in { _, _, out in out[0] = .i32(WASIErrno.success.rawValue) } },
            "fd_advise": closed([i32, i64, i64, i32]),
            "fd_allocate": closed([i32, i64, i64]),
            "fd_close": closed([i32]),
            "fd_datasync": closed([i32]),
            "fd_fdstat_set_flags": closed([i32, i32]),
            "fd_fdstat_set_rights": closed([i32, i64, i64]),
            "fd_filestat_get": closed([i32, i32]),
            "fd_filestat_set_size": closed([i32, i64]),
            "fd_filestat_set_times": closed([i32, i64, i64, i32]),
            "fd_pread": closed([i32, i32, i32, i64, i32]),
            "fd_prestat_get": closed([i32, i32]),
            "fd_prestat_dir_name": closed([i32, i32, i32]),
            "fd_pwrite": closed([i32, i32, i32, i64, i32]),
            "fd_readdir": closed([i32, i32, i32, i64, i32]),
            "fd_renumber": closed([i32, i32]),
            "fd_seek": closed([i32, i64, i32, i32]),
            "fd_sync": closed([i32]),
            "fd_tell": closed([i32, i32]),
        ]
    }()

    private static func results(_ out: UnsafeMutableBufferPointer<Value>, _ errno: WASIErrno) {
        out[0] = .i32(errno.rawValue)
    }
}

extension Value {
    /// The value as an unsigned 32-bit integer (host function parameters are type-checked at load).
    var u32: UInt32 {
        if case .i32(let value) = self { value } else { 0 }
    }
}
