public import Crypto
import Foundation

/// The worker's Ed25519 device key: created on first run, kept in a file only its owner can read.
public enum DeviceKey {
    /// Loads the key at `path`, creating it (and its directory) if there is none.
    ///
    /// - Throws: ``DeviceKeyError`` when the file exists but is not a key, or is readable by others.
    public static func loadOrCreate(at path: String) throws -> Curve25519.Signing.PrivateKey {
        let manager = FileManager.default
        if manager.fileExists(atPath: path) {
            let attributes = try manager.attributesOfItem(atPath: path)
            if let mode = attributes[.posixPermissions] as? NSNumber, mode.intValue & 0o077 != 0 {
                throw DeviceKeyError("the device key \(path) is readable by others (mode \(String(mode.intValue, radix: 8))); run chmod 600 on it")
            }
            guard let data = manager.contents(atPath: path), data.count == 32,
                  let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: data)
            else {
                throw DeviceKeyError("\(path) is not an Ed25519 device key (32 raw bytes)")
            }
            return key
        }
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            try manager.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
        let key = Curve25519.Signing.PrivateKey()
        guard manager.createFile(atPath: path, contents: key.rawRepresentation, attributes: [.posixPermissions: 0o600]) else {
            throw DeviceKeyError("cannot write the device key to \(path)")
        }
        return key
    }
}

/// Why the device key could not be loaded.
public struct DeviceKeyError: Error, CustomStringConvertible {
    /// What was wrong and what to do.
    public let description: String
    init(_ description: String) { self.description = description }
}
