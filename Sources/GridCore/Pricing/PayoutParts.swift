/// The parts one charge is split into, in a fixed order, ready to become ledger rows.
///
/// Always listed: ``PayoutRecipient/burn``, ``PayoutRecipient/provider``,
/// ``PayoutRecipient/developer`` and ``PayoutRecipient/operator`` (even when zero); a
/// beneficiary's charity follows it only when that beneficiary directs a share to charity.
/// The amounts are never negative and sum exactly to ``total``.
public struct PayoutParts: Sendable, Hashable {
    /// One recipient's part.
    public struct Entry: Sendable, Hashable {
        /// Who receives it.
        public let recipient: PayoutRecipient
        /// How much, in base units; never negative.
        public let amount: Amount
    }

    /// The parts, in the order burn, provider, provider's charity, developer, developer's
    /// charity, operator, operator's charity (charities only when directed).
    public let entries: [Entry]
    /// What was split: the sum of every entry.
    public let total: Amount

    /// The amount for `recipient`, zero when it has no entry.
    public subscript(recipient: PayoutRecipient) -> Amount {
        entries.first { $0.recipient == recipient }?.amount ?? .zero
    }
}
