import Foundation
import GridStore
import GridWorker
import Testing
#if canImport(Glibc)
import Glibc
#endif

@Suite struct DeviceKeyTests {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("idlegrid-key-\(UUID())")

    @Test func createdOnceWithMode0600AndReused() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("nested/device.key").path
        let first = try DeviceKey.loadOrCreate(at: path)
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber
        #expect(mode?.intValue == 0o600)
        let second = try DeviceKey.loadOrCreate(at: path)
        #expect(first.publicKey.rawRepresentation == second.publicKey.rawRepresentation)
    }

    #if canImport(Glibc)
    /// The key file is created with mode 0600, not created readable by others and then chmod-ed:
    /// inotify sees the file appear and never sees its attributes change (a chmod), and no
    /// other file (a temporary one renamed into place) appears.
    @Test func createdWithMode0600FromTheStartNotChmodedAfterwards() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let inAttrib: UInt32 = 0x4, inMovedTo: UInt32 = 0x80, inCreate: UInt32 = 0x100
        let watcher = inotify_init1(Int32(IN_NONBLOCK))
        try #require(watcher >= 0)
        defer { close(watcher) }
        try #require(inotify_add_watch(watcher, directory.path, inAttrib | inMovedTo | inCreate) >= 0)

        let path = directory.appendingPathComponent("device.key").path
        _ = try DeviceKey.loadOrCreate(at: path)

        var buffer = [UInt8](repeating: 0, count: 64 << 10)
        let count = buffer.withUnsafeMutableBytes { read(watcher, $0.baseAddress, $0.count) }
        var events: [(mask: UInt32, name: String)] = []
        var offset = 0
        while count > 0, offset + 16 <= count {
            let word = { (at: Int) in buffer[offset + at..<offset + at + 4].reversed().reduce(UInt32(0)) { $0 << 8 | UInt32($1) } }
            let mask = word(4), length = Int(word(12))
            let name = String(decoding: buffer[offset + 16..<offset + 16 + length].prefix { $0 != 0 }, as: UTF8.self)
            events.append((mask, name))
            offset += 16 + length
        }
        #expect(events.map(\.name) == ["device.key"], "\(events)")
        #expect(events.map(\.mask) == [inCreate], "attributes changed after creation: \(events)")
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber
        #expect(mode?.intValue == 0o600)
    }
    #endif

    @Test func aDanglingLinkWhereTheKeyGoesIsNotWrittenThrough() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("device.key").path
        let target = directory.appendingPathComponent("elsewhere").path
        try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: target)
        let error = #expect(throws: KeyFileError.self) { try DeviceKey.loadOrCreate(at: path) }
        #expect(error?.description.contains("symbolic link to nothing") == true)
        #expect(!FileManager.default.fileExists(atPath: target))
    }

    @Test func aKeyOthersCanReadIsRefused() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("device.key").path
        _ = try DeviceKey.loadOrCreate(at: path)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
        let error = #expect(throws: KeyFileError.self) { try DeviceKey.loadOrCreate(at: path) }
        #expect(error?.description.contains("chmod 600") == true)
    }

    @Test func aFileThatIsNotAKeyIsRefused() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("device.key").path
        #expect(FileManager.default.createFile(atPath: path, contents: Data("not a key".utf8), attributes: [.posixPermissions: 0o600]))
        #expect(throws: KeyFileError.self) { try DeviceKey.loadOrCreate(at: path) }
    }
}
