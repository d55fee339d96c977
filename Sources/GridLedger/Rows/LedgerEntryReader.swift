import Foundation
import GridCore

/// Reads a row's entry line by line, accepting only the canonical forms: every line ends with a
/// line feed, keys come in the order asked, numbers have no sign or leading zeros, ids are
/// lowercase.
///
/// It reads the bytes in place and makes a `String` only for an error: an audit decodes every
/// row of the log, and a string per line was most of what a million rows cost.
struct LedgerEntryReader {
    private let bytes: [UInt8]
    /// Where the next line starts.
    private var offset = 0
    /// The 1-based number of the line read last.
    private(set) var lineNumber = 0

    init(_ entry: some Collection<UInt8>) throws(LedgerRowError) {
        bytes = Array(entry)
        // Canonical entries are ASCII; only text with other bytes needs the full UTF-8 check.
        if bytes.contains(where: { $0 >= 0x80 }), String(validating: bytes, as: UTF8.self) == nil { throw .notUTF8 }
        guard bytes.last == 0x0A else { throw .missingFinalLineFeed }
    }

    var isAtEnd: Bool { offset == bytes.count }

    /// Reads the next line, which must be exactly `text`; false (and nothing read) otherwise.
    mutating func line(is text: StaticString) -> Bool {
        guard let line = nextLine(), equals(line, text) else { return false }
        advance(past: line)
        return true
    }

    /// Whether the next line holds `key`.
    func next(is key: StaticString) -> Bool {
        guard let line = nextLine() else { return false }
        return hasKey(key, line)
    }

    /// The value of the next line, which must hold `key`.
    mutating func value(_ key: StaticString) throws(LedgerRowError) -> String {
        String(decoding: bytes[try valueRange(key)], as: UTF8.self)
    }

    mutating func number(_ key: StaticString) throws(LedgerRowError) -> UInt64 {
        guard let number: UInt64 = Self.decimal(bytes[try valueRange(key)]) else {
            throw .malformed(field: "\(key)", reason: "a decimal number without sign or leading zeros, at most \(UInt64.max)")
        }
        return number
    }

    mutating func wide(_ key: StaticString) throws(LedgerRowError) -> Int128 {
        guard let number: Int128 = Self.decimal(bytes[try valueRange(key)]) else {
            throw .malformed(field: "\(key)", reason: "a decimal number without sign or leading zeros")
        }
        return number
    }

    mutating func amount(_ key: StaticString) throws(LedgerRowError) -> Amount {
        try Self.amount(bytes[try valueRange(key)], field: "\(key)")
    }

    mutating func identifier<ID: GridIdentifier>(_ key: StaticString) throws(LedgerRowError) -> ID {
        try Self.identifier(bytes[try valueRange(key)], field: "\(key)")
    }

    /// The next line's timestamp (``LedgerTime``).
    mutating func time(_ key: StaticString) throws(LedgerRowError) -> Int64 {
        guard let milliseconds = bytes[try valueRange(key)].withUnsafeBufferPointer({ LedgerTime.parse(utf8: $0) }) else {
            throw .malformed(field: "\(key)", reason: "a UTC time written YYYY-MM-DDTHH:MM:SS.mmmZ")
        }
        return milliseconds
    }

    /// The next line's hash, 64 lowercase hex digits.
    mutating func hexHash(_ key: StaticString) throws(LedgerRowError) -> ContentHash {
        guard let hash = bytes[try valueRange(key)].withUnsafeBufferPointer({ ContentHash(lowercaseHex: $0) }) else {
            throw .malformed(field: "\(key)", reason: "64 lowercase hex digits")
        }
        return hash
    }

    /// The next line's value split at its spaces, for a line of several values (`pay`).
    mutating func values(_ key: StaticString) throws(LedgerRowError) -> [ArraySlice<UInt8>] {
        bytes[try valueRange(key)].split(separator: UInt8(ascii: " "), omittingEmptySubsequences: false)
    }

    static func amount(_ digits: ArraySlice<UInt8>, field: String) throws(LedgerRowError) -> Amount {
        guard let units: Int128 = decimal(digits) else {
            throw .malformed(field: field, reason: "an amount in base units: a decimal number without sign or leading zeros")
        }
        return Amount(baseUnits: units)
    }

    static func identifier<ID: GridIdentifier>(_ text: ArraySlice<UInt8>, field: String) throws(LedgerRowError) -> ID {
        guard let uuid = text.withUnsafeBufferPointer({ UUIDText.parse(utf8: $0, lowercaseOnly: true) }) else {
            throw .malformed(field: field, reason: "a \(ID.kind) written as a lowercase UUID")
        }
        return ID(uuid: uuid)
    }

    /// A canonical decimal: digits only, no leading zero unless it is 0, and within `Number`.
    private static func decimal<Number: FixedWidthInteger>(_ digits: ArraySlice<UInt8>) -> Number? {
        guard let first = digits.first, first != UInt8(ascii: "0") || digits.count == 1 else { return nil }
        // Nineteen digits at a time fit a UInt64 unchecked; only whole chunks are checked against `Number`.
        var value: Number = 0
        var start = digits.startIndex
        while start < digits.endIndex {
            let end = min(start + 19, digits.endIndex)
            var chunk: UInt64 = 0
            var scale: UInt64 = 1
            for byte in digits[start..<end] {
                let digit = byte &- UInt8(ascii: "0")
                guard digit < 10 else { return nil }
                chunk = chunk &* 10 &+ UInt64(digit)
                scale = scale &* 10
            }
            if start == digits.startIndex {
                guard let exact = Number(exactly: chunk) else { return nil }
                value = exact
            } else {
                guard let scale = Number(exactly: scale), let chunk = Number(exactly: chunk) else { return nil }
                let (times, overflowed) = value.multipliedReportingOverflow(by: scale)
                let (sum, carried) = times.addingReportingOverflow(chunk)
                guard !overflowed, !carried else { return nil }
                value = sum
            }
            start = end
        }
        return value
    }

    /// The bytes of the value on the next line, which must be `key`, one space, and a value with
    /// no space at either end.
    private mutating func valueRange(_ key: StaticString) throws(LedgerRowError) -> Range<Int> {
        guard let line = nextLine() else { throw .missingField("\(key)") }
        guard hasKey(key, line) else {
            throw .unexpectedLine(line: lineNumber + 1, expected: "\(key)", found: String(decoding: bytes[line].prefix(40), as: UTF8.self))
        }
        advance(past: line)
        let value = (line.lowerBound + key.utf8CodeUnitCount + 1)..<line.upperBound
        guard !value.isEmpty, bytes[value.lowerBound] != UInt8(ascii: " "), bytes[value.upperBound - 1] != UInt8(ascii: " ") else {
            throw .malformed(field: "\(key)", reason: "one value after one space, with no other spaces around it")
        }
        return value
    }

    /// The next line without its line feed; nil at the end.
    private func nextLine() -> Range<Int>? {
        guard offset < bytes.count else { return nil }
        // The entry ends with a line feed (checked on the way in), so one is always found.
        let end = bytes.withUnsafeBufferPointer { buffer -> Int in
            let base = buffer.baseAddress!
            guard let found = memchr(base + offset, 0x0A, buffer.count - offset) else { return buffer.count }
            return UnsafePointer<UInt8>(found.assumingMemoryBound(to: UInt8.self)) - base
        }
        return offset..<end
    }

    private mutating func advance(past line: Range<Int>) {
        offset = line.upperBound + 1
        lineNumber += 1
    }

    private func hasKey(_ key: StaticString, _ line: Range<Int>) -> Bool {
        let length = key.utf8CodeUnitCount
        guard line.count > length, bytes[line.lowerBound + length] == UInt8(ascii: " ") else { return false }
        return equals(line.lowerBound..<(line.lowerBound + length), key)
    }

    private func equals(_ range: Range<Int>, _ text: StaticString) -> Bool {
        guard range.count == text.utf8CodeUnitCount else { return false }
        return text.withUTF8Buffer { expected in
            bytes.withUnsafeBufferPointer { actual in
                memcmp(actual.baseAddress! + range.lowerBound, expected.baseAddress!, range.count) == 0
            }
        }
    }
}
