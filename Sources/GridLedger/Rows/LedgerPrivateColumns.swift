public import GridCore

/// A row's private columns: what the coordinator keeps about an event but does not publish
/// (a deposit's memo, the module and output of a charged replica). The public row carries only
/// ``hash``, so the owner can later prove what the columns said without the log revealing it.
///
/// A random 32-byte salt comes first, so a short memo cannot be found by hashing guesses.
/// Encoded like a row: `idlegrid-ledger-private 1`, `salt <hex>`, then `key value` lines.
public struct LedgerPrivateColumns: Sendable, Hashable {
    /// The first line's text.
    public static let header = "idlegrid-ledger-private 1"

    /// The salt, 32 random bytes.
    public let salt: [UInt8]
    /// The columns, in order: key and value (neither holds a control character; keys no space).
    public let fields: [(key: String, value: String)]
    /// ``encoded()``, made once: a charged replica's columns are hashed, stored and compared.
    private let bytes: [UInt8]

    /// Columns with a fresh random salt; values with control characters have them replaced by
    /// U+FFFD, keys must be plain words.
    public init(_ fields: [(key: String, value: String)]) {
        self.init(salt: SecureRandom.bytes(32), fields: fields)
    }

    /// Columns with a given salt (for tests and for reading stored columns back).
    public init(salt: [UInt8], fields: [(key: String, value: String)]) {
        precondition(salt.count == 32, "a private columns' salt is 32 bytes")
        precondition(fields.allSatisfy { !$0.key.isEmpty && $0.key.unicodeScalars.allSatisfy(Self.isKeyScalar) })
        self.salt = salt
        self.fields = fields.map { ($0.key, Self.replacingControls($0.value)) }
        var bytes = Array("\(Self.header)\nsalt ".utf8)
        bytes += HexDigits.text(of: salt).utf8
        bytes.append(0x0A)
        for field in self.fields {
            bytes += field.key.utf8
            bytes.append(UInt8(ascii: " "))
            bytes += field.value.utf8
            bytes.append(0x0A)
        }
        self.bytes = bytes
    }

    /// The bytes the hash covers.
    public func encoded() -> [UInt8] { bytes }

    private static func isKeyScalar(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII { return ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || scalar == "-" }
        return scalar.properties.isAlphabetic
    }

    /// `value` with each control character (Unicode's Cc: U+0000–U+001F and U+007F–U+009F) as U+FFFD.
    private static func replacingControls(_ value: String) -> String {
        let isControl = { (scalar: Unicode.Scalar) in scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) }
        guard value.unicodeScalars.contains(where: isControl) else { return value }
        var scalars = String.UnicodeScalarView()
        for scalar in value.unicodeScalars { scalars.append(isControl(scalar) ? "\u{FFFD}" : scalar) }
        return String(scalars)
    }

    /// Reads stored columns back; nil when the bytes are not an encoding ``encoded()`` wrote.
    public init?(decoding bytes: some Collection<UInt8>) {
        guard let text = String(validating: Array(bytes), as: UTF8.self), text.hasSuffix("\n") else { return nil }
        let lines = text.dropLast().split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.count >= 2, lines[0] == Self.header, lines[1].hasPrefix("salt "),
              let salt = try? ContentHash(hex: String(lines[1].dropFirst(5))) else { return nil }
        var fields: [(key: String, value: String)] = []
        for line in lines.dropFirst(2) {
            guard let space = line.firstIndex(of: " ") else { return nil }
            fields.append((String(line[..<space]), String(line[line.index(after: space)...])))
        }
        self.init(salt: salt.bytes, fields: fields)
        guard Array(encoded()) == Array(bytes) else { return nil }
    }

    /// SHA-256 of ``encoded()``: the `private` field of the public row.
    public var hash: ContentHash { ContentHash(of: encoded()) }

    /// The value of `key`, if the columns hold it.
    public subscript(key: String) -> String? { fields.first { $0.key == key }?.value }

    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.bytes == rhs.bytes }
    public func hash(into hasher: inout Hasher) { hasher.combine(bytes) }
}
