/// Why tile coordinates, a tile path or a tile's bytes were refused.
///
/// Two errors are equal when they are the same kind, whatever their message, as elsewhere in
/// Idlegrid; tests that care about the wording check ``message``.
public struct TileError: Error, Equatable, CustomStringConvertible {
    private enum Code: Hashable {
        case levelOutOfRange
        case widthOutOfRange
        case malformedPath
        case notAHashTile
        case wrongDataLength
    }

    private let code: Code
    /// What was wrong and what is allowed, for people.
    public let message: String

    private init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    /// A tile level outside 0...63.
    public static func levelOutOfRange(_ level: Int) -> Self {
        .init(code: .levelOutOfRange, message: "tile level \(level) is outside 0...\(Tile.maximumLevel)")
    }

    /// A tile width outside 1...256.
    public static func widthOutOfRange(_ width: Int) -> Self {
        .init(code: .widthOutOfRange, message: "tile width \(width) is outside 1...\(Tile.fullWidth): a tile holds 1 to 256 hashes or entries")
    }

    /// A path that is not a canonical tlog-tiles path; `problem` names the part.
    public static func malformedPath(_ path: String, problem: String) -> Self {
        .init(code: .malformedPath, message: "'\(path.prefix(200))' is not a tile path: \(problem)")
    }

    /// Hashes were asked of an entry bundle.
    public static func notAHashTile(_ path: String) -> Self {
        .init(code: .notAHashTile, message: "\(path) is an entry bundle, not a hash tile: decode it with EntryBundle")
    }

    /// Tile data of the wrong length.
    public static func wrongDataLength(_ path: String, byteCount: Int, expected: Int) -> Self {
        .init(code: .wrongDataLength, message: "\(path) has \(byteCount) bytes; its width needs exactly \(expected) (32 per hash)")
    }

    /// The message.
    public var description: String { message }

    /// Errors of the same kind are equal, whatever their message.
    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code }
}
