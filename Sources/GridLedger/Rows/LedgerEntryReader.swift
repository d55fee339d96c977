import GridCore

/// Reads a row's entry line by line, accepting only the canonical forms: every line ends with a
/// line feed, keys come in the order asked, numbers have no sign or leading zeros, ids are
/// lowercase.
struct LedgerEntryReader {
    private let lines: [Substring]
    private var position = 0

    init(_ entry: some Collection<UInt8>) throws(LedgerRowError) {
        guard let text = String(validating: Array(entry), as: UTF8.self) else { throw .notUTF8 }
        guard text.utf8.last == 0x0A else { throw .missingFinalLineFeed }
        lines = text.utf8.split(separator: 0x0A, omittingEmptySubsequences: false).dropLast().map { Substring($0) }
    }

    /// The 1-based number of the line read last.
    var lineNumber: Int { position }

    var isAtEnd: Bool { position == lines.count }

    mutating func line() throws(LedgerRowError) -> String {
        guard position < lines.count else { throw .missingField("header") }
        defer { position += 1 }
        return String(lines[position])
    }

    /// Whether the next line holds `key`.
    func next(is key: String) -> Bool {
        position < lines.count && lines[position].hasPrefix(key + " ")
    }

    /// The value of the next line, which must hold `key`.
    mutating func value(_ key: String) throws(LedgerRowError) -> String {
        guard position < lines.count else { throw .missingField(key) }
        let line = lines[position]
        guard line.hasPrefix(key + " ") else {
            throw .unexpectedLine(line: position + 1, expected: key, found: String(line.prefix(40)))
        }
        position += 1
        let value = line.dropFirst(key.utf8.count + 1)
        guard !value.isEmpty, value.first != " ", value.last != " " else {
            throw .malformed(field: key, reason: "one value after one space, with no other spaces around it")
        }
        return String(value)
    }

    mutating func number(_ key: String) throws(LedgerRowError) -> UInt64 {
        let text = try value(key)
        guard Self.isCanonicalDecimal(text), let number = UInt64(text) else {
            throw .malformed(field: key, reason: "a decimal number without sign or leading zeros, at most \(UInt64.max)")
        }
        return number
    }

    mutating func wide(_ key: String) throws(LedgerRowError) -> Int128 {
        try Self.wide(try value(key), field: key, reason: "a decimal number without sign or leading zeros")
    }

    mutating func amount(_ key: String) throws(LedgerRowError) -> Amount {
        try Self.amount(try value(key), field: key)
    }

    mutating func identifier<ID: GridIdentifier>(_ key: String) throws(LedgerRowError) -> ID {
        try Self.identifier(try value(key), field: key)
    }

    static func amount(_ text: String, field: String) throws(LedgerRowError) -> Amount {
        Amount(baseUnits: try wide(text, field: field, reason: "an amount in base units: a decimal number without sign or leading zeros"))
    }

    private static func wide(_ text: String, field: String, reason: String) throws(LedgerRowError) -> Int128 {
        guard isCanonicalDecimal(text), let number = Int128(text) else { throw .malformed(field: field, reason: reason) }
        return number
    }

    static func identifier<ID: GridIdentifier>(_ text: String, field: String) throws(LedgerRowError) -> ID {
        guard let id = ID(text), id.description == text else {
            throw .malformed(field: field, reason: "a \(ID.kind) written as a lowercase UUID")
        }
        return id
    }

    private static func isCanonicalDecimal(_ text: String) -> Bool {
        let bytes = text.utf8
        guard let first = bytes.first, bytes.allSatisfy({ (0x30...0x39).contains($0) }) else { return false }
        return first != 0x30 || bytes.count == 1
    }
}
