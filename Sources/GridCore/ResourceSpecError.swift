/// Why a ``ResourceSpec`` was refused; the message names the field and what is allowed.
///
/// A growable error: kinds live in a private code. Two errors are equal when they are of the
/// same kind, whatever their message.
public struct ResourceSpecError: Error, Equatable, CustomStringConvertible {
    private enum Code: Equatable {
        case cores
        case memoryBytes
        case storageBytes
        case region
    }

    private let code: Code
    /// What went wrong and what to do, for people.
    public let message: String

    private init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    /// The field that was wrong, as spelled in JSON (`"cores"`, `"memoryBytes"`, ...).
    public var field: String {
        switch code {
        case .cores: "cores"
        case .memoryBytes: "memoryBytes"
        case .storageBytes: "storageBytes"
        case .region: "region"
        }
    }

    /// `cores` is outside ``ResourceSpec/coresRange``.
    public static func cores(_ value: Int) -> Self {
        .init(code: .cores, message: "cores \(value) is not allowed: use \(ResourceSpec.coresRange.lowerBound)...\(ResourceSpec.coresRange.upperBound)")
    }

    /// `memoryBytes` is outside ``ResourceSpec/memoryBytesRange``.
    public static func memoryBytes(_ value: UInt64) -> Self {
        .init(code: .memoryBytes, message: "memoryBytes \(value) is not allowed: use \(ResourceSpec.memoryBytesRange.lowerBound) (1 MiB) ... \(ResourceSpec.memoryBytesRange.upperBound) (1 TiB)")
    }

    /// `storageBytes` exceeds ``ResourceSpec/maximumStorageBytes``.
    public static func storageBytes(_ value: UInt64) -> Self {
        .init(code: .storageBytes, message: "storageBytes \(value) is not allowed: use 0 ... \(ResourceSpec.maximumStorageBytes) (16 TiB)")
    }

    /// `region` is not 1...32 of lowercase letters, digits and '-'.
    public static func region(_ value: String) -> Self {
        .init(code: .region, message: "region '\(value)' is not allowed: use 1...\(ResourceSpec.maximumRegionLength) lowercase letters, digits and '-', e.g. \"eu-west-1\"")
    }

    /// Same kind of error, whatever the message.
    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code }

    /// The message.
    public var description: String { message }
}
