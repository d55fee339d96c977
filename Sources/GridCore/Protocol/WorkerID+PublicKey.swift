public import Foundation

extension WorkerID {
    /// The id of the worker holding the device key `publicKey`: the first 16 bytes of its SHA-256,
    /// marked as a version-8 (custom) UUID. The same key always has the same id, so a worker keeps
    /// its identity, reputation and history across reconnects.
    public init(publicKey: Data) {
        var bytes = Array(ContentHash(of: publicKey).bytes.prefix(16))
        bytes[6] = (bytes[6] & 0x0f) | 0x80
        bytes[8] = (bytes[8] & 0x3f) | 0x80
        let uuid = UUID(uuid: (bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                               bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]))
        self.init(uuid: uuid)
    }
}
