/// Why a host function ended the run early; thrown through the guest and turned into an outcome.
enum HostInterruption: Error, CustomStringConvertible {
    /// The guest called `proc_exit` with this status.
    case exit(Int32)
    /// A write would have passed the output limit.
    case outputLimit
    /// A host call cost more fuel than the run had left.
    case outOfFuel
    /// The guest called a WASI function that needs memory but exports none named `memory`.
    case missingMemoryExport

    var description: String {
        switch self {
        case .exit(let code): "proc_exit(\(code))"
        case .outputLimit: "output limit reached"
        case .outOfFuel: "out of fuel"
        case .missingMemoryExport: "the guest called WASI without exporting a memory named 'memory'"
        }
    }
}
