extension Amount: Codable {
    /// Decodes the wire form: a JSON string holding a decimal integer of base units.
    ///
    /// JSON numbers are refused because JSON parsers round large numbers through `Double`;
    /// GRID notation is refused because the wire carries base units only.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decodeWireString(
            explaining: "an amount must be a JSON string of integer base units, e.g. \"1500000000000000000\" for 1.5 GRID, not a JSON number or other value")
        guard let value = Self.parseBaseUnits(text) else {
            throw DecodingError.dataCorruptedError(
                in: container,
                debugDescription: "'\(text)' is not an amount: expected a string of integer base units without leading zeros, of at most 39 digits, e.g. \"1500000000000000000\" for 1.5 GRID"
            )
        }
        self.init(baseUnits: value)
    }

    /// Encodes the wire form: a JSON string of base units.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(baseUnitsString)
    }
}
