extension Amount {
    /// Parses what a person or a config file writes.
    ///
    /// Accepted: GRID with an optional fraction of up to 18 digits and the unit after an
    /// optional single space, case-insensitive (`"1.5 GRID"`, `"1.5GRID"`, `"-0.25 GRID"`,
    /// `"1 grid"`), or a bare integer, which means raw base units (`"1500000000000000000"`,
    /// `"-3"`). Everything else is rejected: no `+`, no exponent, no digit grouping, no
    /// surrounding whitespace, and no fraction without the unit, since `"1.5"` could mean
    /// either GRID or base units.
    public init(parsing text: String) throws(AmountError) {
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty else { throw .empty() }
        var index = 0
        let negative = bytes[0] == UInt8(ascii: "-")
        if negative { index += 1 }

        let integerStart = index
        while index < bytes.count, Self.isDigit(bytes[index]) { index += 1 }
        let integerDigits = bytes[integerStart..<index]
        guard !integerDigits.isEmpty else { throw .malformed(text) }

        var fractionDigits = bytes[index..<index]
        var hasFraction = false
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            let fractionStart = index
            while index < bytes.count, Self.isDigit(bytes[index]) { index += 1 }
            fractionDigits = bytes[fractionStart..<index]
            guard !fractionDigits.isEmpty else { throw .malformed(text) }
            hasFraction = true
        }

        var sawSpace = false
        if index < bytes.count, bytes[index] == UInt8(ascii: " ") {
            index += 1
            sawSpace = true
        }
        let unitStart = index
        while index < bytes.count, Self.isLetter(bytes[index]) { index += 1 }
        let unit = bytes[unitStart..<index]
        // Anything left over (a second space, an exponent's digits, trailing words) is garbage.
        guard index == bytes.count else { throw .malformed(text) }

        if unit.isEmpty {
            guard !sawSpace else { throw .malformed(text) }
            guard !hasFraction else { throw .fractionWithoutUnit(text) }
            guard let value = Self.integer(fromDigits: integerDigits, negative: negative) else {
                throw .outOfRange(text)
            }
            self.init(baseUnits: value)
            return
        }

        let unitText = String(decoding: unit, as: UTF8.self)
        guard unitText.lowercased() == "grid" else { throw .unknownUnit(text, unit: unitText) }
        guard fractionDigits.count <= Self.decimals else {
            throw .tooManyFractionDigits(text, digits: fractionDigits.count)
        }
        // "1.5 GRID" is the base-unit integer "1" + "5" + seventeen zeros.
        let padding = [UInt8](repeating: UInt8(ascii: "0"), count: Self.decimals - fractionDigits.count)
        let allDigits = Array(integerDigits) + Array(fractionDigits) + padding
        guard let value = Self.integer(fromDigits: allDigits[...], negative: negative) else {
            throw .outOfRange(text)
        }
        self.init(baseUnits: value)
    }

    /// Parses the wire form only: a decimal integer of base units with an optional leading
    /// `-`, written the one way ``baseUnitsString`` writes it (no leading zeros, no `-0`), so
    /// that one amount has one spelling on the wire. Returns nil for anything else, including
    /// values beyond `Int128`.
    static func parseBaseUnits(_ text: String) -> Int128? {
        let bytes = Array(text.utf8)
        let negative = bytes.first == UInt8(ascii: "-")
        let digits = bytes[(negative ? 1 : 0)...]
        guard !digits.isEmpty, digits.allSatisfy(isDigit) else { return nil }
        guard digits.first != UInt8(ascii: "0") || (digits.count == 1 && !negative) else { return nil }
        return integer(fromDigits: digits, negative: negative)
    }

    /// Accumulates ASCII digits, toward negative values when `negative`, so that
    /// `Int128.min` (whose magnitude exceeds `Int128.max`) parses. Nil on overflow.
    private static func integer(fromDigits digits: ArraySlice<UInt8>, negative: Bool) -> Int128? {
        var value: Int128 = 0
        for byte in digits {
            let digit = Int128(byte - UInt8(ascii: "0"))
            let (shifted, shiftOverflow) = value.multipliedReportingOverflow(by: 10)
            guard !shiftOverflow else { return nil }
            let (next, addOverflow) = negative
                ? shifted.subtractingReportingOverflow(digit)
                : shifted.addingReportingOverflow(digit)
            guard !addOverflow else { return nil }
            value = next
        }
        return value
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
            || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
    }
}
