public import Foundation
public import GridCore

/// What ``GridStore/redeemEnrollmentToken(hash:worker:at:)`` did.
public enum TokenRedemption: Sendable, Hashable {
    /// The device is enrolled to this provider: just now, by this token, or before, to the
    /// token's own provider (then the token is left as it was).
    case enrolled(provider: AccountID)
    /// No token has this hash.
    case unknown
    /// The token already enrolled another device.
    case used
    /// The token expired at this instant, before the device redeemed it.
    case expired(at: Date)
    /// The device is enrolled to this provider, not to the token's.
    case enrolledElsewhere(provider: AccountID)
}
