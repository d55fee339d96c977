/// The parts of their shares that the beneficiaries direct to a charity, in parts per million
/// of each one's own share (SPEC.md 5): 100,000 gives a tenth of the provider's share away.
public struct CharityDirections: Sendable, Hashable, Codable {
    /// Nobody gives anything to charity.
    public static let none = CharityDirections(checkedProvider: 0, developer: 0, operator: 0)

    /// Parts per million of the provider's share that go to the provider's charity.
    public let providerPartsPerMillion: UInt32
    /// Parts per million of the developer's share that go to the developer's charity.
    public let developerPartsPerMillion: UInt32
    /// Parts per million of the operator's share that go to the operator's charity.
    public let operatorPartsPerMillion: UInt32

    /// Directions of 0 to 1,000,000 parts per million each; a larger one is refused, naming it.
    public init(providerPartsPerMillion: UInt32 = 0, developerPartsPerMillion: UInt32 = 0, operatorPartsPerMillion: UInt32 = 0) throws(PricingError) {
        for (field, value) in [("providerPartsPerMillion", providerPartsPerMillion),
                               ("developerPartsPerMillion", developerPartsPerMillion),
                               ("operatorPartsPerMillion", operatorPartsPerMillion)]
        where value > PayoutSplit.whole {
            throw .shareOutOfRange(field: field, partsPerMillion: value)
        }
        self.init(checkedProvider: providerPartsPerMillion, developer: developerPartsPerMillion, operator: operatorPartsPerMillion)
    }

    private init(checkedProvider provider: UInt32, developer: UInt32, operator: UInt32) {
        self.providerPartsPerMillion = provider
        self.developerPartsPerMillion = developer
        self.operatorPartsPerMillion = `operator`
    }

    private enum CodingKeys: String, CodingKey {
        case providerPartsPerMillion, developerPartsPerMillion, operatorPartsPerMillion
    }

    /// Decodes directions; a missing field is 0, one above 1,000,000 is an error naming it.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        do {
            try self.init(
                providerPartsPerMillion: container.decodeIfPresent(UInt32.self, forKey: .providerPartsPerMillion) ?? 0,
                developerPartsPerMillion: container.decodeIfPresent(UInt32.self, forKey: .developerPartsPerMillion) ?? 0,
                operatorPartsPerMillion: container.decodeIfPresent(UInt32.self, forKey: .operatorPartsPerMillion) ?? 0)
        } catch let error as PricingError {
            throw DecodingError.dataCorrupted(.init(
                codingPath: decoder.codingPath + [error.field.flatMap(CodingKeys.init(stringValue:))].compactMap { $0 },
                debugDescription: error.message, underlyingError: error))
        }
    }
}
