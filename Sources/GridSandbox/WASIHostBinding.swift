import WasmKit

/// The host that an instance's WASI functions call: set for each run and cleared after it.
///
/// An instance kept warm between runs keeps its imported functions, so they reach the run's
/// ``DeterministicWASI`` through this binding instead of holding one host for good.
/// Confined to one run at a time, like the store that owns the functions.
final class WASIHostBinding {
    /// The running task's host; nil between runs.
    var host: DeterministicWASI?

    init() {}

    /// The host of the run in progress. WASI functions are called only from inside a run.
    func active() -> DeterministicWASI {
        guard let host else { preconditionFailure("a WASI function was called outside a run") }
        return host
    }

    /// Builds the host functions for exactly the WASI imports `module` declares, in `store`.
    /// The closures hold this binding; the store holds the closures.
    func imports(for module: SandboxModule, store: Store) -> Imports {
        var imports = Imports()
        for name in module.wasiImports {
            guard let entry = WASIImportTable.entries[name] else { continue }
            imports.define(
                module: WASIImportTable.moduleName, name: name,
                Function(store: store, parameters: entry.parameters, results: entry.results, raw: entry.body(self)))
        }
        return imports
    }
}
