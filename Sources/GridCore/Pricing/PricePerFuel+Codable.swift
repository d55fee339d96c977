extension PricePerFuel: Codable {
    /// Decodes the wire form: a JSON string holding ``baseUnitsPerExafuel`` as a decimal
    /// integer, e.g. `"1000000000000000000"` for one base unit per fuel. JSON numbers are
    /// refused, since JSON parsers round large numbers through floating point.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decodeWireString(
            explaining: "a price per fuel must be a JSON string of integer base units per 10^18 fuel, e.g. \"1000000000000000000\" for 1 base unit per fuel, not a JSON number")
        guard let value = Amount.parseBaseUnits(text) else {
            throw DecodingError.dataCorruptedError(
                in: container,
                debugDescription: PricingError.malformed(
                    field: "baseUnitsPerExafuel", text: text,
                    expected: "an integer of base units per 10^18 fuel between 0 and \(Int128.max)").message)
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
