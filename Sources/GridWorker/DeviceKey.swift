public import Crypto
public import GridStore

/// The worker's Ed25519 device key: created on first run, kept in a file only its owner can read.
public enum DeviceKey {
    /// The device key's file: named in messages as the device key, moved with `--key`.
    public static let file = KeyFile(name: "the device key", option: "--key")

    /// Loads the key at `path`, creating it (and its directory) if there is none.
    ///
    /// - Throws: ``KeyFileError`` when the file exists but is not a key, or is readable by others.
    public static func loadOrCreate(at path: String) throws -> Curve25519.Signing.PrivateKey {
        try file.loadOrCreate(at: path)
    }
}
