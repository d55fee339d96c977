/// Why the coordinator refused a worker's session, as far as the worker must act on it.
///
/// A final refusal would be repeated on every reconnection (the device key is flagged, the
/// credential is wrong, the sandbox or protocol does not match, the worker breaks the protocol),
/// so the worker stops and says why instead of reconnecting. A transient one (a slow handshake,
/// a coordinator that cannot check a credential right now) is retried with backoff.
public enum WorkerRefusalKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// The device key was caught signing a result that does not verify.
    case flagged
    /// The provider credential is missing, unknown, of a non-provider account, used, expired,
    /// or of another provider than the one the device is enrolled to.
    case credential
    /// Another protocol version or determinism class than the coordinator's.
    case incompatible
    /// The worker broke the protocol: a malformed message, a bad signature, capabilities out of range.
    case invalid
    /// Worth retrying later.
    case transient

    /// Whether the worker must stop rather than reconnect.
    public var isFinal: Bool { self != .transient }

    /// Reads a kind; one this build does not know is treated as ``transient`` (retried).
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        self = WorkerRefusalKind(rawValue: text) ?? .transient
    }
}
