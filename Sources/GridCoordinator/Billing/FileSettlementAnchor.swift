import Foundation
import GridLedger

/// A ``SettlementAnchor`` that appends one line per block to a file, `SEQUENCE HASH PERIOD`,
/// and syncs it: the simplest place another party (a witness, a job that posts to a chain) can
/// pick the chain's head up from. A line never changes once written.
struct FileSettlementAnchor: SettlementAnchor {
    /// The file's path.
    let path: String

    func latestAnchored() async throws -> UInt64? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        let text = try String(contentsOfFile: path, encoding: .utf8)
        guard let last = text.split(separator: "\n").last else { return nil }
        guard let sequence = last.split(separator: " ").first.flatMap({ UInt64($0) }) else {
            throw CocoaError(.fileReadCorruptFile, userInfo: [NSFilePathErrorKey: path, NSLocalizedDescriptionKey: "the last line of the settlement anchor file \(path) does not start with a block number"])
        }
        return sequence
    }

    func anchor(_ block: SettlementBlock) async throws {
        if !FileManager.default.fileExists(atPath: path) {
            guard FileManager.default.createFile(atPath: path, contents: nil) else {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
            }
        }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("\(block.sequence) \(block.hash.hex) \(block.period)\n".utf8))
        try handle.synchronize()
    }
}
