/// Who receives one part of a charge, by role: the billing code resolves each role to the
/// account of that replica (its worker's provider, its module's publisher, the operator, the
/// charity each directs to) when it writes the ledger rows.
public enum PayoutRecipient: String, Sendable, Hashable, Codable, CaseIterable {
    /// The base fee, destroyed: the system burn account.
    case burn
    /// The contributor: the provider whose worker ran the replica.
    case provider
    /// The charity the provider directs part of its share to.
    case providerCharity
    /// The developer: the module's publisher.
    case developer
    /// The charity the developer directs part of its share to.
    case developerCharity
    /// The operator of the coordinator; it also receives every rounding remainder.
    case `operator`
    /// The charity the operator directs part of its share to.
    case operatorCharity

    /// The role of the beneficiary's own account, or nil for the burn and the charities.
    public var accountRole: AccountRole? {
        switch self {
        case .provider: .provider
        case .developer: .developer
        case .operator: .operator
        case .burn, .providerCharity, .developerCharity, .operatorCharity: nil
        }
    }
}
