extension PricePerFuel {
    /// The largest price a person may write: 1 GRID per fuel (a trivial task costs about a
    /// million fuel, so anything near it is a typo, and it keeps every product far from overflow).
    public static let maximumParsed = PricePerFuel(checked: Int128(Amount.baseUnitsPerGRID) * fuelScale)

    /// Parses a price as a person writes it, or as ``description`` prints it: base units per fuel
    /// with up to 18 decimals (`"2000000"`, `"0.5"`, `"0.5 base units per fuel"`), or GRID per
    /// fuel with up to 36 (`"0.0000000000000007 GRID"`). From 0 to ``maximumParsed``; no sign,
    /// exponent or digit grouping.
    ///
    /// - Throws: ``PricingError/malformed(field:text:expected:)`` for other text,
    ///   ``PricingError/negative(field:value:)`` below zero, and
    ///   ``PricingError/outOfRange(field:value:allowed:)`` above the maximum, each naming `field`.
    public init(parsing text: String, field: String) throws(PricingError) {
        let expected = "a price per fuel such as 2000000, 0.5 (base units per fuel) or 0.0000000000000007 GRID, from 0 to 1 GRID"
        var number = Substring(text)
        var decimals = 18
        for suffix in [" base units per fuel", " base units"] where number.hasSuffix(suffix) {
            number = number.dropLast(suffix.count)
            break
        }
        if number.count > 4, number.suffix(4).lowercased() == "grid" {
            number = number.dropLast(4)
            if number.hasSuffix(" ") { number = number.dropLast() }
            decimals = 18 + Int(Amount.decimals)
        }
        if number.hasPrefix("-") { throw .negative(field: field, value: text) }
        let parts = number.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let isDigits = { (part: Substring) in !part.isEmpty && part.utf8.allSatisfy { (0x30...0x39).contains($0) } }
        guard parts.allSatisfy(isDigits) else { throw .malformed(field: field, text: text, expected: expected) }
        let fraction = parts.count == 2 ? parts[1] : ""
        guard fraction.count <= decimals else {
            throw .malformed(field: field, text: text, expected: "at most \(decimals) digits after the point; \(expected)")
        }
        // The digits as an integer of 10^-decimals: 10^-18 base units (or 10^-36 GRID, the same) per fuel.
        let tooLarge = PricingError.outOfRange(field: field, value: text, allowed: "a price per fuel is at most 1 GRID")
        let digits = (parts[0] + fraction + String(repeating: "0", count: decimals - fraction.count)).drop { $0 == "0" }
        guard digits.count <= 38, let value = UInt128(digits.isEmpty ? "0" : String(digits)),
              value <= UInt128(Self.maximumParsed.baseUnitsPerExafuel) else { throw tooLarge }
        self.init(checked: Int128(value))
    }
}
