/// What one task replica pays: the total, the part burned as base fee, and the rest, which the
/// ``PayoutSplit`` shares among the beneficiaries.
public struct Charge: Sendable, Hashable {
    /// The fuel the replica used.
    public let fuel: UInt64
    /// What the client pays, in base units.
    public let total: Amount
    /// The base fee's share of ``total``: burned.
    public let burned: Amount
    /// ``total`` − ``burned``: what is split among contributor, developer and operator.
    public var distributable: Amount { Amount(baseUnits: total.baseUnits - burned.baseUnits) }

    init(fuel: UInt64, total: Amount, burned: Amount) {
        precondition(burned.baseUnits >= 0 && burned <= total, "the burned part of a charge lies within it")
        self.fuel = fuel
        self.total = total
        self.burned = burned
    }
}
