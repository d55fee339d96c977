/// What a beneficiary gives away (SPEC.md 5): a charity account and the part of each of its
/// shares that goes there, in parts per million (100,000 gives a tenth). Set with
/// `PUT /v1/accounts/me/charity`; every charge after that splits by it.
public struct CharityDirection: Sendable, Hashable, Codable {
    /// The charity account (role `charity`).
    public let charity: AccountID
    /// Parts per million of each share, 1 to 1,000,000.
    public let partsPerMillion: UInt32

    /// A direction; refused, naming the field, unless 1 ≤ `partsPerMillion` ≤ 1,000,000.
    public init(charity: AccountID, partsPerMillion: UInt32) throws(PricingError) {
        guard partsPerMillion > 0 else { throw .notPositive(field: "partsPerMillion", value: String(partsPerMillion)) }
        guard partsPerMillion <= PayoutSplit.whole else { throw .shareOutOfRange(field: "partsPerMillion", partsPerMillion: partsPerMillion) }
        self.charity = charity
        self.partsPerMillion = partsPerMillion
    }

    private enum CodingKeys: String, CodingKey { case charity, partsPerMillion }

    /// Decodes a direction; a part out of range is an error naming it.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let charity = try container.decode(AccountID.self, forKey: .charity)
        let parts = try container.decode(UInt32.self, forKey: .partsPerMillion)
        do {
            try self.init(charity: charity, partsPerMillion: parts)
        } catch {
            throw DecodingError.dataCorruptedError(forKey: .partsPerMillion, in: container, debugDescription: error.message)
        }
    }
}
