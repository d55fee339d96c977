import Foundation
import GridCore
import GridSandbox

/// Finds a module by hash: in the sandbox's parsed cache, then in the disk cache, then from the
/// coordinator (`GET /v1/blobs/{hash}`, with the session's token). Bytes are checked against the
/// hash before use, so a corrupted cache file or a lying server cannot substitute code.
actor ModuleStore {
    private let sandbox: Sandbox
    private let directory: URL
    private let maxBytes: Int
    private let blobs: CoordinatorBlobs

    init(sandbox: Sandbox, directory: String, maxBytes: Int, blobs: CoordinatorBlobs) {
        self.sandbox = sandbox
        self.directory = URL(fileURLWithPath: directory)
        self.maxBytes = maxBytes
        self.blobs = blobs
        try? FileManager.default.createDirectory(at: self.directory, withIntermediateDirectories: true)
    }

    /// The module if it is already loaded: answered without waiting on the store, so a replica
    /// of a known module goes to its slot at once.
    nonisolated func loaded(_ hash: ContentHash) -> SandboxModule? {
        sandbox.cachedModule(hash)
    }

    /// The loaded module with this hash.
    func module(_ hash: ContentHash) async throws -> SandboxModule {
        if let loaded = loaded(hash) { return loaded }
        let file = directory.appendingPathComponent("\(hash.hex).wasm")
        if let data = FileManager.default.contents(atPath: file.path), ContentHash(of: data) == hash {
            // Touch it: eviction goes by modification time.
            try? FileManager.default.setAttributes([.modificationDate: Date()], ofItemAtPath: file.path)
            return try sandbox.load([UInt8](data))
        }
        let bytes = try await fetch(hash)
        try? Data(bytes).write(to: file, options: .atomic)
        evictIfNeeded()
        return try sandbox.load(bytes)
    }

    private func fetch(_ hash: ContentHash) async throws -> [UInt8] {
        try await blobs.fetch(hash, maxBytes: sandbox.configuration.maxModuleBytes, what: "module")
    }

    /// Drops the least recently used files until the cache fits its bound.
    private func evictIfNeeded() {
        let manager = FileManager.default
        let keys: [URLResourceKey] = [.fileSizeKey, .contentModificationDateKey]
        guard let files = try? manager.contentsOfDirectory(at: directory, includingPropertiesForKeys: keys) else { return }
        var entries = files.compactMap { url -> (url: URL, size: Int, date: Date)? in
            guard let values = try? url.resourceValues(forKeys: Set(keys)) else { return nil }
            return (url, values.fileSize ?? 0, values.contentModificationDate ?? .distantPast)
        }
        var total = entries.reduce(0) { $0 + $1.size }
        entries.sort { $0.date < $1.date }
        for entry in entries where total > maxBytes {
            try? manager.removeItem(at: entry.url)
            total -= entry.size
        }
    }
}
