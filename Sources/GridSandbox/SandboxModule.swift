public import GridCore
@_spi(Fuzzing) import WasmKit
import WasmParser

/// A module that has been parsed, validated, checked against the sandbox's imports, and cached.
///
/// Obtained from ``Sandbox/load(_:)``. Holding one means every function body is valid, and every
/// import is one the deterministic WASI host provides with the right signature, so a run cannot
/// fail on either.
public struct SandboxModule: Sendable {
    /// SHA-256 of the module's bytes: its name everywhere in Idlegrid.
    public let hash: ContentHash
    /// Size of the module in bytes.
    public let byteCount: Int
    /// The WASI preview 1 functions the module imports.
    let wasiImports: [String]
    /// The signature of each exported function, by name.
    let exportSignatures: [String: FunctionType]
    let module: Module
    /// How its instances are kept between runs, or nil when each run gets a fresh one.
    package let reusePlan: InstanceReusePlan?

    /// Names of the exported functions.
    public var exportedFunctions: Set<String> { Set(exportSignatures.keys) }

    /// Whether the module is a WASI command (exports `_start`).
    public var isCommand: Bool { exportSignatures["_start"] != nil }

    /// Checks `module` and learns its exports.
    ///
    /// WasmKit validates a function body only when it compiles it, and compiles lazily on first
    /// call; so the module is instantiated once here, without its start function, on an engine
    /// that compiles eagerly. A module with an invalid body is refused now, not when some task
    /// happens to call that function.
    /// Validation allocates the initial memory, so one over `memoryLimitBytes` is refused.
    init(
        hash: ContentHash, byteCount: Int, module: Module, reusePlan: InstanceReusePlan?, validatingWith engine: Engine,
        memoryLimitBytes: UInt64
    ) throws(SandboxError) {
        var wasiImports: [String] = []
        var validationImports = Imports()
        var scratch = module
        scratch.dropStartFunction()
        let store = Store(engine: engine)
        let memoryCap = MemoryCap(limitBytes: memoryLimitBytes)
        store.resourceLimiter = memoryCap
        for entry in module.imports {
            let provided = try Self.check(entry, in: module)
            wasiImports.append(entry.name)
            validationImports.define(
                module: entry.module, name: entry.name,
                Function(store: store, parameters: provided.parameters, results: provided.results) { _, _ in
                    provided.results.map { _ in .i32(0) }
                })
        }
        let instance: Instance
        do {
            instance = try scratch.instantiate(store: store, imports: validationImports)
        } catch {
            if let refused = memoryCap.refusedInitialBytes {
                throw .validationMemoryOverLimit(requestedBytes: refused, limitBytes: memoryLimitBytes)
            }
            throw .notWebAssembly(WasmKitErrorText.readable(error))
        }
        var signatures: [String: FunctionType] = [:]
        for export in module.exports {
            if case .function = export.descriptor, let function = instance.exports[function: export.name] {
                signatures[export.name] = function.type
            }
        }
        self.hash = hash
        self.byteCount = byteCount
        self.module = module
        self.reusePlan = reusePlan
        self.wasiImports = wasiImports
        self.exportSignatures = signatures
    }

    private static func check(_ entry: Import, in module: Module) throws(SandboxError) -> WASIImportTable.Entry {
        guard entry.module == WASIImportTable.moduleName else {
            throw .refusedImport(
                module: entry.module, name: entry.name,
                reason: "the sandbox provides only '\(WASIImportTable.moduleName)' imports")
        }
        guard case .function(let typeIndex) = entry.descriptor else {
            throw .refusedImport(module: entry.module, name: entry.name, reason: "only functions can be imported")
        }
        guard let expected = WASIImportTable.entries[entry.name] else {
            throw .refusedImport(
                module: entry.module, name: entry.name,
                reason: "not provided by the deterministic WASI host (no filesystem, network, sockets or real time)")
        }
        let found = module.functionType(at: typeIndex)
        guard let found, found.parameters == expected.parameters, found.results == expected.results else {
            throw .refusedImport(
                module: entry.module, name: entry.name,
                reason: "expected signature \(signature(expected.parameters, expected.results)), found \(found.map { signature($0.parameters, $0.results) } ?? "an invalid type")")
        }
        return expected
    }

    private static func signature(_ parameters: [ValueType], _ results: [ValueType]) -> String {
        "(\(parameters.map { "\($0)" }.joined(separator: ", "))) -> (\(results.map { "\($0)" }.joined(separator: ", ")))"
    }
}
