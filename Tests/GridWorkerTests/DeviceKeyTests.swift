import Foundation
import GridWorker
import Testing

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

    @Test func aKeyOthersCanReadIsRefused() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("device.key").path
        _ = try DeviceKey.loadOrCreate(at: path)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
        let error = #expect(throws: DeviceKeyError.self) { try DeviceKey.loadOrCreate(at: path) }
        #expect(error?.description.contains("chmod 600") == true)
    }

    @Test func aFileThatIsNotAKeyIsRefused() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("device.key").path
        #expect(FileManager.default.createFile(atPath: path, contents: Data("not a key".utf8), attributes: [.posixPermissions: 0o600]))
        #expect(throws: DeviceKeyError.self) { try DeviceKey.loadOrCreate(at: path) }
    }
}
