public import GridCore

/// What a billed job pays: its price cap, the escrow held for it when it was accepted, and the
/// developer who shares each charge.
public struct JobBilling: Sendable, Hashable, Codable {
    /// The most the job pays per fuel: it runs only on workers whose price (base fee + bid) fits.
    public var priceCap: PricePerFuel
    /// Held from the owner's available balance in the transaction that stores the job: the most
    /// the job can cost at its cap (fuel limit × cap × replicas × tasks).
    public var escrow: Amount
    /// The module's publisher, paid the developer's share; nil when unknown (the operator takes it).
    public var developer: AccountID?

    /// Billing terms.
    public init(priceCap: PricePerFuel, escrow: Amount, developer: AccountID?) {
        self.priceCap = priceCap
        self.escrow = escrow
        self.developer = developer
    }
}
