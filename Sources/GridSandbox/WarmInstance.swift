@_spi(Fuzzing) import WasmKit

/// A module's instance in a store of its own, which may serve run after run.
///
/// Made for a run when no kept one is free. Afterwards ``reset()`` puts the linear memory and the
/// mutable globals back as they were just after instantiation; for a module with an
/// ``InstanceReusePlan`` that leaves nothing a later run could tell from a fresh instance. Without
/// a plan, or when the run grew the memory, the instance is not kept.
/// Confined to one run at a time: the pool hands it to one thread and takes it back.
final class WarmInstance: @unchecked Sendable {
    let store: Store
    let binding: WASIHostBinding
    let instance: Instance
    private let reusable: Bool
    private let memory: Memory?
    private let memorySnapshot: [UInt8]
    private let globalSnapshot: [(global: WasmKit.Global, value: Value)]

    /// Instantiates `module` in `store` for a run with `host`; a start function, if the module has
    /// one, runs now, under whatever fuel and limits the store already has.
    init(instantiating module: SandboxModule, in store: Store, host: DeterministicWASI) throws {
        let binding = WASIHostBinding()
        binding.host = host
        let plan = module.reusePlan
        let instance = try (plan?.module ?? module.module).instantiate(store: store, imports: binding.imports(for: module, store: store))
        self.store = store
        self.binding = binding
        self.instance = instance
        guard let plan else {
            (reusable, memory, memorySnapshot, globalSnapshot) = (false, nil, [], [])
            return
        }
        let memory = plan.memoryExport.flatMap { instance.exports[memory: $0] }
        memorySnapshot = memory.map { memory in
            memory.withUnsafeBufferPointer(offset: 0, count: memory.byteCount) { Array($0) }
        } ?? []
        globalSnapshot = plan.globalExports.compactMap { name in
            instance.exports[global: name].map { ($0, $0.value) }
        }
        self.memory = memory
        reusable = globalSnapshot.count == plan.globalExports.count && (plan.memoryExport == nil || memory != nil)
    }

    /// The size of the memory as instantiated, in bytes.
    var initialMemoryBytes: Int { memorySnapshot.count }

    /// About how many bytes the instance holds while kept: its memory, the snapshot, and a
    /// share for the store and the translated code.
    var retainedBytes: Int { memorySnapshot.count * 2 + (64 << 10) }

    /// Puts the instance back as it was instantiated, ready for another run, and says whether it
    /// could: not when its module has no reuse plan or the run grew the memory.
    func reset() -> Bool {
        binding.host = nil
        guard reusable else { return false }
        if let memory {
            guard memory.byteCount == memorySnapshot.count else { return false }
            memorySnapshot.withUnsafeBytes { snapshot in
                memory.withUnsafeMutableBufferPointer(offset: 0, count: snapshot.count) { $0.copyMemory(from: snapshot) }
            }
        }
        for (global, value) in globalSnapshot {
            do { try global.assign(value) } catch { return false }
        }
        return true
    }
}
