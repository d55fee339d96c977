/// Why a module could not be loaded or a run could not start.
///
/// These are refusals before any guest code runs. Everything that happens once the guest is
/// running (traps, limits, exit codes) is an ``ExecutionOutcome``, not an error.
///
/// Two errors are equal when they are the same kind, whatever their message, as elsewhere in
/// Idlegrid; tests that care about the wording check ``message``.
public struct SandboxError: Error, Equatable, CustomStringConvertible {
    private enum Code: Hashable {
        case notWebAssembly
        case moduleTooLarge
        case refusedImport
        case missingExport
        case badArguments
        case initialMemoryOverLimit
        case validationMemoryOverLimit
        case instantiationFailed
    }
    private let code: Code
    /// What was wrong and what to do, for people.
    public let message: String

    /// The bytes do not parse as a WebAssembly module.
    public static func notWebAssembly(_ detail: String) -> Self {
        Self(code: .notWebAssembly, message: "not a valid WebAssembly module: \(detail)")
    }

    /// The module is larger than the sandbox accepts.
    public static func moduleTooLarge(byteCount: Int, limit: Int) -> Self {
        Self(code: .moduleTooLarge, message: "the module is \(byteCount) bytes, over the \(limit)-byte module limit")
    }

    /// The module imports something the sandbox does not provide.
    public static func refusedImport(module: String, name: String, reason: String) -> Self {
        Self(code: .refusedImport, message: "import '\(module).\(name)' refused: \(reason)")
    }

    /// The requested entry point is not exported as a function.
    public static func missingExport(_ name: String, available: [String]) -> Self {
        let list = available.isEmpty ? "none" : available.sorted().joined(separator: ", ")
        return Self(code: .missingExport, message: "the module exports no function named '\(name)' (exported functions: \(list))")
    }

    /// The arguments do not fit the entry point's signature.
    public static func badArguments(_ detail: String) -> Self {
        Self(code: .badArguments, message: "bad arguments: \(detail)")
    }

    /// The module's initial memory is larger than the run's memory limit.
    public static func initialMemoryOverLimit(requestedBytes: Int, limitBytes: UInt64) -> Self {
        Self(code: .initialMemoryOverLimit,
             message: "the module's initial memory of \(requestedBytes) bytes exceeds the memory limit of \(limitBytes) bytes; raise the memory limit")
    }

    /// The module's initial memory is larger than the sandbox validates modules within
    /// (``SandboxConfiguration/validationMemoryBytes``).
    public static func validationMemoryOverLimit(requestedBytes: Int, limitBytes: UInt64) -> Self {
        Self(code: .validationMemoryOverLimit,
             message: "the module declares an initial memory of \(requestedBytes) bytes, over the \(limitBytes)-byte limit for loading a module; declare a smaller initial memory and grow it at run time")
    }

    /// WasmKit refused to instantiate the module for another reason.
    public static func instantiationFailed(_ detail: String) -> Self {
        Self(code: .instantiationFailed, message: "the module could not be instantiated: \(detail)")
    }

    /// The message.
    public var description: String { message }

    /// Errors of the same kind are equal, whatever their message.
    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code }
}
