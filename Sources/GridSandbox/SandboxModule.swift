public import GridCore
@_spi(Fuzzing) import WasmKit
import WasmParser

/// A module that has been parsed, checked against the sandbox's imports, and cached.
///
/// Obtained from ``Sandbox/load(_:)``. Holding one means every import it declares is one the
/// deterministic WASI host provides with the right signature, so instantiating it cannot fail on
/// imports.
public struct SandboxModule: Sendable {
    /// SHA-256 of the module's bytes: its name everywhere in Idlegrid.
    public let hash: ContentHash
    /// Size of the module in bytes.
    public let byteCount: Int
    /// Names of the exported functions.
    public let exportedFunctions: Set<String>
    /// The WASI preview 1 functions the module imports.
    let wasiImports: [String]
    let module: Module

    /// Whether the module is a WASI command (exports `_start`).
    public var isCommand: Bool { exportedFunctions.contains("_start") }

    init(hash: ContentHash, byteCount: Int, module: Module) throws(SandboxError) {
        var wasiImports: [String] = []
        for entry in module.imports {
            try Self.check(entry, in: module)
            wasiImports.append(entry.name)
        }
        var functions = Set<String>()
        for export in module.exports {
            if case .function = export.descriptor { functions.insert(export.name) }
        }
        self.hash = hash
        self.byteCount = byteCount
        self.module = module
        self.wasiImports = wasiImports
        self.exportedFunctions = functions
    }

    private static func check(_ entry: Import, in module: Module) throws(SandboxError) {
        guard entry.module == WASIImportTable.moduleName else {
            throw .refusedImport(
                module: entry.module, name: entry.name,
                reason: "the sandbox provides only '\(WASIImportTable.moduleName)' imports")
        }
        guard case .function(let typeIndex) = entry.descriptor else {
            throw .refusedImport(
                module: entry.module, name: entry.name, reason: "only functions can be imported")
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
    }

    private static func signature(_ parameters: [ValueType], _ results: [ValueType]) -> String {
        "(\(parameters.map { "\($0)" }.joined(separator: ", "))) -> (\(results.map { "\($0)" }.joined(separator: ", ")))"
    }
}
