@_spi(Fuzzing) import WasmKit
import WasmParser

/// Whether a module's instances may run task after task, and how to put one back as it started.
///
/// WasmKit translates each function into its internal code once per instance, the first time it is
/// called, and for a small task that costs most of the run (about 60 of the hello guest's 80 µs).
/// So the sandbox keeps instances warm. A reused instance must be indistinguishable from a fresh
/// one, byte for byte and unit of fuel for unit of fuel. That holds when all a run can change is
/// the linear memory and the mutable globals, which ``WarmInstance`` restores from a snapshot taken
/// right after instantiation. A module qualifies only when:
/// - it has no start function (a fresh instance runs it as part of every run);
/// - no instruction changes a table or drops a segment (state WasmKit gives no way to restore);
/// - its initial memory is at most ``maxMemoryBytes`` (restoring is a copy of all of it).
///
/// WasmKit reaches only exported globals, so the plan's module is the original with every mutable
/// global, and the memory if it is not exported, exported under names no guest can have asked for.
/// Every other module gets a fresh instance for every run.
package struct InstanceReusePlan: @unchecked Sendable {
    /// The largest initial memory worth restoring by copy, in bytes; past it a fresh instance,
    /// whose memory the kernel zeroes lazily, is as cheap.
    static let maxMemoryBytes = 4 << 20
    /// Where the added exports' names start; `:` keeps them apart from any name a toolchain emits.
    static let exportPrefix = "idlegrid:reuse:"

    /// The module to instantiate: the original with the added exports.
    let module: Module
    /// The export names of the mutable globals to restore.
    package let globalExports: [String]
    /// The export name of the memory to restore, if the module has one.
    package let memoryExport: String?
    /// The size of the memory when instantiated, in bytes.
    let initialMemoryBytes: Int

    /// The plan for the validated module `bytes`.
    ///
    /// - Throws: ``Refusal``, saying why, when its instances cannot be reused.
    package init(for bytes: [UInt8]) throws(Refusal) {
        let shape: ModuleShape
        do {
            shape = try ModuleShape(bytes)
        } catch {
            throw Refusal(reason: "not parsed: \(error)")
        }
        if let reason = shape.refusal { throw Refusal(reason: reason) }
        guard shape.initialMemoryBytes <= Self.maxMemoryBytes else {
            throw Refusal(reason: "initial memory \(shape.initialMemoryBytes) bytes is over \(Self.maxMemoryBytes)")
        }
        var added: [(name: String, kind: UInt8, index: UInt32)] = shape.mutableGlobals.map {
            ("\(Self.exportPrefix)global:\($0)", 0x03, $0)
        }
        var memoryExport = shape.exportedMemoryName
        if shape.hasMemory, memoryExport == nil {
            memoryExport = "\(Self.exportPrefix)memory"
            added.append((memoryExport!, 0x02, 0))
        }
        guard added.allSatisfy({ !shape.exportNames.contains($0.name) }) else {
            throw Refusal(reason: "an export already uses the reserved prefix")
        }
        do {
            module = try parseWasm(bytes: WasmExportAppender.appending(added, to: bytes))
        } catch {
            throw Refusal(reason: "the module with its added exports did not parse: \(error)")
        }
        globalExports = added.filter { $0.kind == 0x03 }.map(\.name)
        self.memoryExport = memoryExport
        initialMemoryBytes = shape.initialMemoryBytes
    }

    /// Why a module's instances are not reused.
    package struct Refusal: Error, Equatable {
        package let reason: String
    }
}

/// What ``InstanceReusePlan`` needs to know about a module, read with WasmParser.
private struct ModuleShape {
    var mutableGlobals: [UInt32] = []
    var exportNames: Set<String> = []
    var exportedMemoryName: String?
    var hasMemory = false
    var initialMemoryBytes = 0
    /// Why the module does not qualify, if it does not.
    var refusal: String?

    init(_ bytes: [UInt8]) throws {
        var parser = WasmParser.Parser(bytes: bytes)
        var importedGlobals: UInt32 = 0
        while let payload = try parser.parseNext() {
            switch payload {
            case .importSection(let imports):
                for entry in imports {
                    switch entry.descriptor {
                    case .function: continue
                    case .global: importedGlobals += 1
                    default: refusal = refusal ?? "it imports a table or memory"
                    }
                }
            case .memorySection(let memories):
                hasMemory = !memories.isEmpty
                if memories.count > 1 { refusal = refusal ?? "it has more than one memory" }
                if let first = memories.first {
                    let (bytes, overflow) = Int(clamping: first.type.min).multipliedReportingOverflow(by: 65_536)
                    initialMemoryBytes = overflow ? .max : bytes
                }
            case .globalSection(let globals):
                for (offset, global) in globals.enumerated() where global.type.mutability == .variable {
                    mutableGlobals.append(importedGlobals + UInt32(offset))
                }
            case .exportSection(let exports):
                for export in exports {
                    exportNames.insert(export.name)
                    if case .memory(0) = export.descriptor, exportedMemoryName == nil { exportedMemoryName = export.name }
                }
            case .startSection:
                refusal = refusal ?? "it has a start function"
            case .codeSection(let bodies):
                for body in bodies where refusal == nil {
                    var scan = StateChangeScan()
                    var expression = ExpressionParser(code: body)
                    while refusal == nil, let visit = try expression.parse() {
                        visit(visitor: &scan)
                        refusal = scan.found.map { "it uses \($0)" }
                    }
                }
            default:
                continue
            }
        }
    }
}

/// Finds the instructions that change instance state other than memory and globals.
private struct StateChangeScan: AnyInstructionVisitor {
    typealias VisitorError = Never
    var binaryOffset = 0
    var found: String?

    mutating func visit(_ instruction: WasmParser.Instruction) throws(Never) {
        switch instruction {
        case WasmParser.Instruction.tableSet: found = "table.set"
        case .tableGrow: found = "table.grow"
        case .tableFill: found = "table.fill"
        case .tableCopy: found = "table.copy"
        case .tableInit: found = "table.init"
        case .elemDrop: found = "elem.drop"
        case .dataDrop: found = "data.drop"
        default: break
        }
    }
}
