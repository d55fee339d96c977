import Foundation

/// Standard base64 (RFC 4648, section 4, with padding), the only encoding the
/// transparency-log formats use. Foundation does the work; no Foundation type leaves this file.
enum Base64 {
    /// The base64 of `bytes`.
    static func encode(_ bytes: some Sequence<UInt8>) -> String {
        Data(bytes).base64EncodedString()
    }

    /// The bytes of canonical padded base64, or nil. Text that decodes but would not be
    /// re-encoded the same way (stray bits in the last character) is refused, so one value has
    /// one spelling.
    static func decode(_ text: some StringProtocol) -> [UInt8]? {
        let string = String(text)
        guard let data = Data(base64Encoded: string) else { return nil }
        let bytes = [UInt8](data)
        guard encode(bytes) == string else { return nil }
        return bytes
    }
}
