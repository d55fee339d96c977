public import Foundation

extension Pricing {
    /// Seconds in a UTC day (no leap seconds, as in Unix time).
    public static let secondsPerDay: Int64 = 86_400

    /// The UTC day number of `unixSeconds` since 1970-01-01 (floor division, so negative
    /// times fall on earlier days).
    public static func utcDay(unixSeconds: Int64) -> Int64 {
        let (quotient, remainder) = unixSeconds.quotientAndRemainder(dividingBy: secondsPerDay)
        return remainder < 0 ? quotient - 1 : quotient
    }

    /// Whole seconds since 1970 of `date`, rounded down; the one place a `Date`'s floating-point
    /// seconds are read, clamped far inside `Int64` so no date traps.
    public static func unixSeconds(of date: Date) -> Int64 {
        let seconds = date.timeIntervalSince1970
        guard seconds.isFinite else { return seconds > 0 ? Int64.max / 2 : Int64.min / 2 }
        let bound = 1e17
        return Int64(min(max(seconds, -bound), bound).rounded(.down))
    }

    /// The first second of day 0: midnight UTC of the day containing ``Configuration/dayZero``.
    public var dayZeroUnixSeconds: Int64 {
        Self.utcDay(unixSeconds: Self.unixSeconds(of: configuration.dayZero)) * Self.secondsPerDay
    }

    /// The pricing day of an instant given as Unix seconds: UTC days since day 0. An instant
    /// before day 0 is day 0: the reference price never rises above price₀.
    public func day(unixSeconds: Int64) -> Int {
        let days = Self.utcDay(unixSeconds: unixSeconds) - Self.utcDay(unixSeconds: dayZeroUnixSeconds)
        return Int(max(days, 0))
    }

    /// The pricing day of `date` (see ``day(unixSeconds:)``).
    public func day(of date: Date) -> Int {
        day(unixSeconds: Self.unixSeconds(of: date))
    }

    /// The pricing epoch of an instant given as Unix seconds: whole ``Configuration/epochLength``s
    /// since midnight UTC of day 0, counting from 0. An instant before day 0 is in epoch 0.
    public func epoch(unixSeconds: Int64) -> Int64 {
        let (elapsed, overflow) = unixSeconds.subtractingReportingOverflow(dayZeroUnixSeconds)
        // Day 0 is after 1970, so only an instant long before it can overflow.
        guard !overflow, elapsed > 0 else { return 0 }
        return elapsed / configuration.epochLength.components.seconds
    }

    /// The pricing epoch of `date` (see ``epoch(unixSeconds:)``).
    public func epoch(of date: Date) -> Int64 {
        epoch(unixSeconds: Self.unixSeconds(of: date))
    }
}
