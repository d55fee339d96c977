import Foundation

/// The coordinator's own accounts, present in every store from its first migration on.
///
/// Their ids are fixed, so every coordinator and every auditor names them alike. GRID held for a
/// job (escrow) and staked by a provider stay on the owner's account, in its ``AccountBalance``
/// `held` and `staked` parts, so no transfer is needed to hold or release them.
public enum SystemAccount: String, Sendable, CaseIterable, Codable {
    /// Where burned GRID goes: its balance is all GRID ever burned, out of circulation for good.
    case burn
    /// What the network pays era rewards from.
    case rewardPool = "reward-pool"
    /// The operator's treasury, which receives what rounding and policy assign to no one else.
    case treasury

    /// The account's fixed id.
    public var id: AccountID {
        switch self {
        case .burn: Self.burnID
        case .rewardPool: Self.rewardPoolID
        case .treasury: Self.treasuryID
        }
    }

    // Parsed once: a charge names the burn account in every row.
    private static let burnID = fixedID("000000000001")
    private static let rewardPoolID = fixedID("000000000002")
    private static let treasuryID = fixedID("000000000003")

    private static func fixedID(_ suffix: String) -> AccountID {
        AccountID(uuid: UUID(uuidString: "00000000-0000-4000-8000-\(suffix)")!)
    }

    /// The account's name, as stored and shown.
    public var name: String { "system: \(rawValue)" }
}
