import GridCore

/// Writes a row's entry one `key value` line at a time, straight into bytes, in the canonical
/// forms ``LedgerEntryReader`` accepts: decimals without sign or leading zeros, lowercase ids,
/// UTC timestamps.
///
/// Every billed replica's row is encoded on the settlement writer's path, so this writes no
/// intermediate strings.
struct LedgerEntryWriter {
    private(set) var bytes: [UInt8] = []

    /// An entry whose first line is `header`.
    init(header: StaticString) {
        bytes.reserveCapacity(1024)
        append(header)
        bytes.append(0x0A)
    }

    mutating func line(_ key: StaticString, _ value: UInt64) {
        start(key)
        decimal(value)
        bytes.append(0x0A)
    }

    mutating func line(_ key: StaticString, _ value: Int128) {
        start(key)
        decimal(value)
        bytes.append(0x0A)
    }

    mutating func line(_ key: StaticString, _ amount: Amount) {
        line(key, amount.baseUnits)
    }

    mutating func line(_ key: StaticString, _ id: some GridIdentifier) {
        start(key)
        UUIDText.append(id.uuid, to: &bytes)
        bytes.append(0x0A)
    }

    mutating func line(_ key: StaticString, _ text: String) {
        start(key)
        bytes.append(contentsOf: text.utf8)
        bytes.append(0x0A)
    }

    mutating func line(_ key: StaticString, time milliseconds: Int64) {
        start(key)
        LedgerTime.append(milliseconds, to: &bytes)
        bytes.append(0x0A)
    }

    /// A line of several values separated by one space each: a role, an account, an amount.
    mutating func line(_ key: StaticString, _ role: String, _ account: AccountID, _ amount: Amount) {
        start(key)
        bytes.append(contentsOf: role.utf8)
        bytes.append(UInt8(ascii: " "))
        UUIDText.append(account.uuid, to: &bytes)
        bytes.append(UInt8(ascii: " "))
        decimal(amount.baseUnits)
        bytes.append(0x0A)
    }

    private mutating func start(_ key: StaticString) {
        append(key)
        bytes.append(UInt8(ascii: " "))
    }

    private mutating func append(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    /// `value` as `String(value)` writes it, a minus sign first when it is negative.
    private mutating func decimal(_ value: Int128) {
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        // Prices per 10^18 fuel pass 2^64, so wide values are written 19 digits at a time.
        let tenToThe19: UInt128 = 10_000_000_000_000_000_000
        let (high, low) = value.magnitude.quotientAndRemainder(dividingBy: tenToThe19)
        if high == 0 {
            decimal(UInt64(low))
        } else if let high = UInt64(exactly: high) {
            decimal(high)
            digits(UInt64(low), width: 19)
        } else {
            let (top, middle) = high.quotientAndRemainder(dividingBy: tenToThe19)
            decimal(UInt64(top))
            digits(UInt64(middle), width: 19)
            digits(UInt64(low), width: 19)
        }
    }

    private mutating func decimal(_ value: UInt64) {
        var width = 1
        var rest = value
        while rest >= 10 {
            rest /= 10
            width += 1
        }
        digits(value, width: width)
    }

    /// `value` in exactly `width` digits, zeros first.
    private mutating func digits(_ value: UInt64, width: Int) {
        let start = bytes.count
        bytes.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: width))
        var rest = value
        var position = start + width
        while rest > 0 {
            position -= 1
            bytes[position] = UInt8(ascii: "0") + UInt8(rest % 10)
            rest /= 10
        }
    }
}
