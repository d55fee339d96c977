import WasmKit

/// The WASI preview 1 functions the sandbox provides, with the signature each must have.
///
/// This table is the whole surface a guest can reach. A module importing anything else, or one of
/// these with another signature, is refused before it runs. File and socket operations on file
/// descriptors are present only so that ordinary libc start-up code links; they answer with a WASI
/// error code and touch nothing.
enum WASIImportTable {
    /// The module name every WASI preview 1 import lives under.
    static let moduleName = "wasi_snapshot_preview1"

    /// What a provided import does.
    enum Behaviour: Equatable {
        /// Implemented by ``DeterministicWASI``.
        case implemented
        /// Answers with this errno for every call (closed fd operations).
        case refusedWithErrno(WASIErrno)
    }

    /// One provided function: its signature and behaviour.
    struct Entry {
        let parameters: [ValueType]
        let results: [ValueType]
        let behaviour: Behaviour
    }

    static let entries: [String: Entry] = {
        let i32 = ValueType.i32, i64 = ValueType.i64
        func implemented(_ parameters: [ValueType], _ results: [ValueType] = [i32]) -> Entry {
            Entry(parameters: parameters, results: results, behaviour: .implemented)
        }
        // Only stdin, stdout and stderr exist, so any other descriptor is a bad one.
        func closed(_ parameters: [ValueType]) -> Entry {
            Entry(parameters: parameters, results: [i32], behaviour: .refusedWithErrno(.badf))
        }
        return [
            "args_get": implemented([i32, i32]),
            "args_sizes_get": implemented([i32, i32]),
            "environ_get": implemented([i32, i32]),
            "environ_sizes_get": implemented([i32, i32]),
            "fd_read": implemented([i32, i32, i32, i32]),
            "fd_write": implemented([i32, i32, i32, i32]),
            "fd_fdstat_get": implemented([i32, i32]),
            "random_get": implemented([i32, i32]),
            "clock_time_get": implemented([i32, i64, i32]),
            "clock_res_get": implemented([i32, i32]),
            "proc_exit": implemented([i32], []),
            "sched_yield": implemented([]),
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
}

/// WASI preview 1 error numbers the host answers with.
enum WASIErrno: UInt32 {
    case success = 0
    case badf = 8
    case fault = 21
    case inval = 28
    case overflow = 61
}
