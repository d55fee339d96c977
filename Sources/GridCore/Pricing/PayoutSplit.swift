/// How what a client pays beyond the burned base fee is shared (SPEC.md 5, CPUcoin's deal):
/// the contributor C (the provider), the developer D (the module's publisher), and the operator
/// 1 − C − D. Defaults: 0.75 / 0.05 / 0.20.
///
/// Shares are parts per million that must sum to at most 1,000,000. Each part is rounded
/// **down**, and whatever rounding leaves over goes to the **operator** — always the operator,
/// also when its nominal share is 0 — so the parts of every split sum exactly to the amount
/// split: no base unit is ever created or lost. Likewise a beneficiary's charity part is its
/// share × direction rounded down, and the beneficiary keeps the rest of its share.
public struct PayoutSplit: Sendable, Hashable, Codable {
    /// 100%, in parts per million.
    public static let whole: UInt32 = 1_000_000
    /// CPUcoin's split: 75% to the provider, 5% to the developer, 20% to the operator.
    public static let standard = PayoutSplit(checkedProvider: 750_000, developer: 50_000)

    /// The contributor share C, in parts per million: the provider's.
    public let providerPartsPerMillion: UInt32
    /// The developer share D, in parts per million: the module publisher's.
    public let developerPartsPerMillion: UInt32
    /// The operator's share, 1,000,000 − C − D parts per million (before rounding remainders).
    public var operatorPartsPerMillion: UInt32 { Self.whole - providerPartsPerMillion - developerPartsPerMillion }

    /// A split with the given provider and developer shares; the operator takes the rest.
    /// Refused, naming the field, when a share or their sum exceeds 1,000,000.
    public init(
        providerPartsPerMillion: UInt32 = PayoutSplit.standard.providerPartsPerMillion,
        developerPartsPerMillion: UInt32 = PayoutSplit.standard.developerPartsPerMillion
    ) throws(PricingError) {
        guard providerPartsPerMillion <= Self.whole else {
            throw .shareOutOfRange(field: "providerPartsPerMillion", partsPerMillion: providerPartsPerMillion)
        }
        guard developerPartsPerMillion <= Self.whole else {
            throw .shareOutOfRange(field: "developerPartsPerMillion", partsPerMillion: developerPartsPerMillion)
        }
        let total = UInt64(providerPartsPerMillion) + UInt64(developerPartsPerMillion)
        guard total <= UInt64(Self.whole) else { throw .sharesOverWhole(field: "developerPartsPerMillion", total: total) }
        self.init(checkedProvider: providerPartsPerMillion, developer: developerPartsPerMillion)
    }

    private init(checkedProvider provider: UInt32, developer: UInt32) {
        self.providerPartsPerMillion = provider
        self.developerPartsPerMillion = developer
    }

    /// Splits one replica's charge: its burned part to ``PayoutRecipient/burn``, the rest among
    /// the beneficiaries. The parts sum exactly to ``Charge/total``.
    public func split(_ charge: Charge, charity: CharityDirections = .none) -> PayoutParts {
        split(distributable: charge.distributable, burned: charge.burned, checkedCharity: charity)
    }

    /// Splits `distributable` among the beneficiaries and lists `burned` as burned; the parts
    /// sum exactly to `distributable + burned`. Throws, naming the field, when either amount
    /// is negative or their sum leaves the amount range.
    public func split(distributable: Amount, burned: Amount = .zero, charity: CharityDirections = .none) throws(PricingError) -> PayoutParts {
        guard !distributable.isNegative else { throw .negative(field: "distributable", value: distributable.baseUnitsString) }
        guard !burned.isNegative else { throw .negative(field: "burned", value: burned.baseUnitsString) }
        guard (try? distributable.adding(burned)) != nil else {
            throw .overflow(field: "burned", operation: "\(distributable.baseUnits) + \(burned.baseUnits) base units")
        }
        return split(distributable: distributable, burned: burned, checkedCharity: charity)
    }

    private func split(distributable: Amount, burned: Amount, checkedCharity charity: CharityDirections) -> PayoutParts {
        let amount = distributable.baseUnits
        let provider = Self.part(of: amount, partsPerMillion: providerPartsPerMillion)
        let developer = Self.part(of: amount, partsPerMillion: developerPartsPerMillion)
        // The remainder: provider + developer ≤ amount × (C + D) / 10^6 ≤ amount, never negative.
        let operatorShare = amount - provider - developer
        var entries = [PayoutParts.Entry(recipient: .burn, amount: burned)]
        func add(_ recipient: PayoutRecipient, _ charityRecipient: PayoutRecipient, share: Int128, direction: UInt32) {
            let given = Self.part(of: share, partsPerMillion: direction)
            entries.append(.init(recipient: recipient, amount: Amount(baseUnits: share - given)))
            if direction > 0 {
                entries.append(.init(recipient: charityRecipient, amount: Amount(baseUnits: given)))
            }
        }
        add(.provider, .providerCharity, share: provider, direction: charity.providerPartsPerMillion)
        add(.developer, .developerCharity, share: developer, direction: charity.developerPartsPerMillion)
        add(.operator, .operatorCharity, share: operatorShare, direction: charity.operatorPartsPerMillion)
        return PayoutParts(entries: entries, total: Amount(baseUnits: amount + burned.baseUnits))
    }

    /// ⌊amount × partsPerMillion ÷ 10^6⌋ for amount ≥ 0 and partsPerMillion ≤ 10^6; it fits.
    private static func part(of amount: Int128, partsPerMillion: UInt32) -> Int128 {
        let part = WideArithmetic.multiply(
            UInt128(amount), by: UInt128(partsPerMillion), dividedBy: UInt128(whole), rounding: .down) ?? 0
        return Int128(part)
    }

    private enum CodingKeys: String, CodingKey {
        case providerPartsPerMillion, developerPartsPerMillion
    }

    /// Decodes a split; a missing share takes the ``standard`` value, a bad one is an error naming it.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        do {
            try self.init(
                providerPartsPerMillion: container.decodeIfPresent(UInt32.self, forKey: .providerPartsPerMillion)
                    ?? Self.standard.providerPartsPerMillion,
                developerPartsPerMillion: container.decodeIfPresent(UInt32.self, forKey: .developerPartsPerMillion)
                    ?? Self.standard.developerPartsPerMillion)
        } catch let error as PricingError {
            throw DecodingError.dataCorrupted(.init(
                codingPath: decoder.codingPath + [error.field.flatMap(CodingKeys.init(stringValue:))].compactMap { $0 },
                debugDescription: error.message, underlyingError: error))
        }
    }
}
