// WASI.swift — raw declarations of the WASI preview 1 functions the Idlegrid sandbox provides.
//
// These are the ONLY imports a guest may have (SPEC section 3); anything else makes
// instantiation fail. `@_extern(c)` next to `@_extern(wasm, ...)` gives them the C calling
// convention: without it Swift appends its two hidden context parameters on wasm and the
// import signature no longer matches the host's.
//
// Pointers are 32-bit on wasm32. Every function returns a WASI errno (0 = success).
// Use the `Guest` API (Guest.swift) rather than these.

@_extern(wasm, module: "wasi_snapshot_preview1", name: "args_sizes_get")
@_extern(c)
func wasi_args_sizes_get(
    _ argc: UnsafeMutablePointer<UInt32>, _ bufferSize: UnsafeMutablePointer<UInt32>
) -> Int32

@_extern(wasm, module: "wasi_snapshot_preview1", name: "args_get")
@_extern(c)
func wasi_args_get(
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>, _ buffer: UnsafeMutablePointer<UInt8>
) -> Int32

@_extern(wasm, module: "wasi_snapshot_preview1", name: "environ_sizes_get")
@_extern(c)
func wasi_environ_sizes_get(
    _ count: UnsafeMutablePointer<UInt32>, _ bufferSize: UnsafeMutablePointer<UInt32>
) -> Int32

@_extern(wasm, module: "wasi_snapshot_preview1", name: "environ_get")
@_extern(c)
func wasi_environ_get(
    _ environ: UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>, _ buffer: UnsafeMutablePointer<UInt8>
) -> Int32

/// `iovs` points to `count` (buffer address, length) pairs of 32-bit words (WASI iovecs).
@_extern(wasm, module: "wasi_snapshot_preview1", name: "fd_read")
@_extern(c)
func wasi_fd_read(
    _ fd: Int32, _ iovs: UnsafeRawPointer, _ count: Int32,
    _ nread: UnsafeMutablePointer<UInt32>
) -> Int32

@_extern(wasm, module: "wasi_snapshot_preview1", name: "fd_write")
@_extern(c)
func wasi_fd_write(
    _ fd: Int32, _ iovs: UnsafeRawPointer, _ count: Int32,
    _ nwritten: UnsafeMutablePointer<UInt32>
) -> Int32

@_extern(wasm, module: "wasi_snapshot_preview1", name: "random_get")
@_extern(c)
func wasi_random_get(_ buffer: UnsafeMutableRawPointer, _ length: UInt32) -> Int32

@_extern(wasm, module: "wasi_snapshot_preview1", name: "clock_time_get")
@_extern(c)
func wasi_clock_time_get(
    _ clock: UInt32, _ precision: UInt64, _ time: UnsafeMutablePointer<UInt64>
) -> Int32

@_extern(wasm, module: "wasi_snapshot_preview1", name: "clock_res_get")
@_extern(c)
func wasi_clock_res_get(_ clock: UInt32, _ resolution: UnsafeMutablePointer<UInt64>) -> Int32

@_extern(wasm, module: "wasi_snapshot_preview1", name: "proc_exit")
@_extern(c)
func wasi_proc_exit(_ code: Int32)

@_extern(wasm, module: "wasi_snapshot_preview1", name: "sched_yield")
@_extern(c)
func wasi_sched_yield() -> Int32
