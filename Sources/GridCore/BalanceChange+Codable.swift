extension BalanceChange: Codable {
    private enum CodingKeys: String, CodingKey {
        case available, held, pending, staked
    }

    /// Each part a decimal string of signed base units, like every amount on the wire.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(String(available), forKey: .available)
        try container.encode(String(held), forKey: .held)
        try container.encode(String(pending), forKey: .pending)
        try container.encode(String(staked), forKey: .staked)
    }

    /// Reads the parts back; a part that is not a decimal integer is an error naming it.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        func part(_ key: CodingKeys) throws -> Int128 {
            let text = try container.decode(String.self, forKey: key)
            guard let value = Int128(text) else {
                throw DecodingError.dataCorruptedError(forKey: key, in: container, debugDescription: "'\(text)' is not a decimal integer of base units")
            }
            return value
        }
        self.init(available: try part(.available), held: try part(.held), pending: try part(.pending), staked: try part(.staked))
    }
}
