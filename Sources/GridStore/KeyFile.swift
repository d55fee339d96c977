public import Crypto
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// An Ed25519 private key kept in a file only its owner can read: created on first use, with mode
/// 0600 from its first instant, and refused when others can read it. A worker's device key and a
/// coordinator's log key are both kept this way.
public struct KeyFile: Sendable {
    /// What the key is, in messages ("the device key").
    public let name: String
    /// How to give the key another path, in messages ("--key").
    public let option: String

    /// A kind of key file.
    public init(name: String, option: String) {
        self.name = name
        self.option = option
    }

    /// Loads the key at `path`, creating it (and its directory) if there is none.
    ///
    /// - Throws: ``KeyFileError`` when the file exists but is not a key, or is readable by others.
    public func loadOrCreate(at path: String) throws -> Curve25519.Signing.PrivateKey {
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
                throw KeyFileError("\(path) is a symbolic link to nothing; remove it or give \(name) another path (\(option))")
            }
            return try load(at: path)  // another process created it first
        }
    }

    private func load(at path: String) throws -> Curve25519.Signing.PrivateKey {
        let manager = FileManager.default
        let attributes = try manager.attributesOfItem(atPath: path)
        if let mode = attributes[.posixPermissions] as? NSNumber, mode.intValue & 0o077 != 0 {
            throw KeyFileError("\(name) \(path) is readable by others (mode \(String(mode.intValue, radix: 8))); run chmod 600 on it")
        }
        guard let data = manager.contents(atPath: path), data.count == 32,
              let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: data)
        else {
            throw KeyFileError("\(path) is not \(name): an Ed25519 private key of 32 raw bytes")
        }
        return key
    }

    private enum Creation { case created, exists }

    /// Creates the file with mode 0600 from the first instant (`O_CREAT | O_EXCL`, so it is
    /// never readable by others, even for a moment, and a file or link already there is never
    /// written through), writes `contents` and syncs them.
    private func create(at path: String, contents: Data) throws -> Creation {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard descriptor >= 0 else {
            if errno == EEXIST { return .exists }
            throw KeyFileError("cannot create \(name) \(path): \(String(cString: strerror(errno)))")
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
            throw KeyFileError("cannot write \(name) to \(path): \(String(cString: strerror(failure)))")
        }
        return .created
    }
}
