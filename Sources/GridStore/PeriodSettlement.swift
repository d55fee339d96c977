public import Foundation
public import GridCore
public import GridLedger

/// What ``GridStore/settlePeriod(_:)`` is asked to close: a period, the minimum payout, when, and
/// the log key that signs the block's checkpoint.
public struct PeriodSettlement: Sendable {
    /// The period closed, counted in periods since 1970-01-01T00:00:00Z.
    public var period: UInt64
    /// The length of a period, in seconds.
    public var periodSeconds: UInt64
    /// Pending amounts below this carry over to the next period.
    public var minimumPayout: Amount
    /// When the settlement runs (the postings' time).
    public var at: Date
    /// Signs the checkpoint the block carries; its name is the log's origin.
    public var signer: NoteSigner

    /// A settlement of `period`.
    public init(period: UInt64, periodSeconds: UInt64, minimumPayout: Amount, at: Date, signer: NoteSigner) {
        self.period = period
        self.periodSeconds = periodSeconds
        self.minimumPayout = minimumPayout
        self.at = at
        self.signer = signer
    }
}
