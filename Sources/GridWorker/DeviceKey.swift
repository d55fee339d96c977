public import Crypto
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The worker's Ed25519 device key: created on first run, kept in a file only its owner can read.
public enum DeviceKey {
    /// Loads the key at `path`, creating it (and its directory) if there is none.
    ///
    /// - Throws: ``DeviceKeyError`` when the file exists but is not a key, or is readable by others.
    public static func loadOrCreate(at path: String) throws -> Curve25519.Signing.PrivateKey {
        let manager = FileManager.default
        if manager.fileExists(atPath: path) {
            return try load(at: path)
        }
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            try manager.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
        let key = Curve25519.Signing.PrivateKey()
        switch try create(at: path, contents: key.rawRepresentation) {
        case .created: return key
        case .exists:
            if (try? manager.destinationOfSymbolicLink(atPath: path)) != nil, !manager.fileExists(atPath: path) {
                throw DeviceKeyError("\(path) is a symbolic link to nothing; remove it or give the device key another path (--key)")
            }
            return try load(at: path)  // another process created it first
        }
    }

    private static func load(at path: String) throws -> Curve25519.Signing.PrivateKey {
        let manager = FileManager.default
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

    private enum Creation { case created, exists }

    /// Creates the file with mode 0600 from the first instant (`O_CREAT | O_EXCL`, so it is
    /// never readable by others, even for a moment, and a file or link already there is never
    /// written through), writes `contents` and syncs them.
    private static func create(at path: String, contents: Data) throws -> Creation {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard descriptor >= 0 else {
            if errno == EEXIST { return .exists }
            throw DeviceKeyError("cannot create the device key \(path): \(String(cString: strerror(errno)))")
        }
        var failure: Int32 = 0
        contents.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                offset += written
            }
            if fsync(descriptor) != 0 { failure = errno }
        }
        close(descriptor)
        if failure != 0 {
            unlink(path)
            throw DeviceKeyError("cannot write the device key to \(path): \(String(cString: strerror(failure)))")
        }
        return .created
    }
}

/// Why the device key could not be loaded.
public struct DeviceKeyError: Error, CustomStringConvertible {
    /// What was wrong and what to do.
    public let description: String
    init(_ description: String) { self.description = description }
}
