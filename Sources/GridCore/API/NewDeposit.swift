/// The body of `POST /v1/accounts/{id}/deposits`: GRID the operator mints onto an account.
public struct NewDeposit: Sendable, Hashable, Codable {
    /// The most one deposit may mint: one billion GRID, far past any real deposit, so a typo of
    /// many digits is refused instead of minted.
    public static let maximum = Amount(baseUnits: 1_000_000_000 * Amount.baseUnitsPerGRID)

    /// How much, in base units (a decimal string on the wire); above zero and at most ``maximum``.
    public var amount: Amount
    /// A note for people, kept with the deposit (at most 256 characters).
    public var memo: String?

    /// A deposit of `amount`.
    public init(amount: Amount, memo: String? = nil) {
        self.amount = amount
        self.memo = memo
    }
}
