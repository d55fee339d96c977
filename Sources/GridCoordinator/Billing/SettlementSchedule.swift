import Foundation
import GridCore

/// When settlement periods close: periods of a fixed length counted from 1970-01-01T00:00:00Z
/// (so the default 24 h periods are UTC days), each closed once it has ended.
struct SettlementSchedule: Sendable, Hashable {
    /// The length of a period, in seconds; above zero.
    let periodSeconds: UInt64
    /// Pending amounts below this carry over to the next period.
    let minimumPayout: Amount

    /// The period `date` falls in.
    func period(of date: Date) -> UInt64 {
        UInt64(max(0, date.timeIntervalSince1970.rounded(.down))) / periodSeconds
    }

    /// The latest period that has ended by `date`; nil during the first.
    func lastEndedPeriod(at date: Date) -> UInt64? {
        let current = period(of: date)
        return current > 0 ? current - 1 : nil
    }
}
