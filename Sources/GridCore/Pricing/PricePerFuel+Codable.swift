extension PricePerFuel: Codable {
    /// Decodes the wire form: a JSON string holding ``baseUnitsPerExafuel`` as a decimal
    /// integer, e.g. `"1000000000000000000"` for one base unit per fuel. JSON numbers are
    /// refused, since JSON parsers round large numbers through floating point.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decodeWireString(
            explaining: "a price per fuel must be a JSON string of integer base units per 10^18 fuel, e.g. \"1000000000000000000\" for 1 base unit per fuel, not a JSON number")
        let field = decoder.codingPath.last?.stringValue ?? "price"
        guard let value = Amount.parseBaseUnits(text) else {
            throw DecodingError.dataCorruptedError(
                in: container,
                debugDescription: PricingError.malformed(
                    field: field, text: text,
                    expected: "a whole number of base units per 10^18 fuel, without leading zeros, of at most 39 digits").message)
        }
        guard value >= 0 else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: PricingError.negative(field: field, value: text).message)
        }
        do {
            try self.init(baseUnitsPerExafuel: value)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.message)
        }
    }

    /// Encodes the wire form: a JSON string of ``baseUnitsPerExafuel``.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(String(baseUnitsPerExafuel))
    }
}
