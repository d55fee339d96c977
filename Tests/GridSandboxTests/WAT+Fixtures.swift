import GridCore
import GridSandbox
import WAT

/// Small modules written as WebAssembly text, for testing the host and the limits precisely.
enum Fixture {
    static let fdWrite = #"(import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))"#

    /// A command that writes `text` to `fd` once and returns the errno in its exit status.
    static func writer(_ text: String, fd: Int = 1) -> String {
        """
        (module
          \(fdWrite)
          (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
          (memory (export "memory") 1)
          (data (i32.const 64) "\(text)")
          (func (export "_start")
            (i32.store (i32.const 0) (i32.const 64))
            (i32.store (i32.const 4) (i32.const \(text.utf8.count)))
            (call $exit (call $fd_write (i32.const \(fd)) (i32.const 0) (i32.const 1) (i32.const 8)))))
        """
    }

    static let spin = """
        (module (func (export "_start") (loop $l (br $l))))
        """

    static let unboundedGrowth = """
        (module
          (memory (export "memory") 1)
          (func (export "_start")
            (loop $l
              (br_if $l (i32.ne (memory.grow (i32.const 1)) (i32.const -1))))
            unreachable))
        """

    static let printForever = """
        (module
          \(fdWrite)
          (memory (export "memory") 1)
          (data (i32.const 64) "spam spam spam\\n")
          (func (export "_start")
            (i32.store (i32.const 0) (i32.const 64))
            (i32.store (i32.const 4) (i32.const 15))
            (loop $l
              (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
              (br $l))))
        """

    static let addExport = """
        (module
          (func (export "add") (param i32 i64) (result i64)
            (i64.add (i64.extend_i32_s (local.get 0)) (local.get 1)))
          (func (export "half") (param f64) (result f64) (f64.mul (local.get 0) (f64.const 0.5))))
        """

    /// Prints 16 random bytes then the realtime and monotonic clocks, as raw bytes.
    static let randomAndClocks = """
        (module
          \(fdWrite)
          (import "wasi_snapshot_preview1" "random_get" (func $random (param i32 i32) (result i32)))
          (import "wasi_snapshot_preview1" "clock_time_get" (func $clock (param i32 i64 i32) (result i32)))
          (memory (export "memory") 1)
          (func (export "_start")
            (drop (call $random (i32.const 64) (i32.const 16)))
            (drop (call $clock (i32.const 0) (i64.const 1) (i32.const 80)))
            (drop (call $clock (i32.const 1) (i64.const 1) (i32.const 88)))
            (i32.store (i32.const 0) (i32.const 64))
            (i32.store (i32.const 4) (i32.const 32))
            (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))))
        """

    static func bytes(_ text: String) throws -> [UInt8] {
        try wat2wasm(text)
    }
}

extension Sandbox {
    /// Loads WAT text and runs it, for tests.
    func run(wat: String, _ invocation: Invocation = Invocation(), limits: GridCore.Limits = .standard) throws -> ExecutionOutcome {
        try run(load(Fixture.bytes(wat)), invocation, limits: limits)
    }
}
