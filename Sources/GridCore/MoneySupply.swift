/// All GRID at once, for the conservation invariant: what every account holds together equals
/// what was minted less what was burned, always.
public struct MoneySupply: Sendable, Hashable {
    /// All GRID ever minted.
    public var minted: Amount
    /// All GRID ever burned (the burn account's balance).
    public var burned: Amount
    /// What every account other than the burn account holds, all four parts of its balance.
    public var held: Amount

    /// The supply with these totals.
    public init(minted: Amount, burned: Amount, held: Amount) {
        self.minted = minted
        self.burned = burned
        self.held = held
    }

    /// Whether held = minted − burned.
    public var isConserved: Bool {
        (try? minted - burned) == held
    }
}
