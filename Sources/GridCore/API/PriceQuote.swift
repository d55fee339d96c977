public import Foundation

/// The answer to `GET /v1/price`: what compute costs now, per fuel, and its parts (SPEC.md 5).
///
/// Prices are ``PricePerFuel`` values: decimal strings of base units per 10^18 fuel.
public struct PriceQuote: Sendable, Hashable, Codable {
    /// When the quote was made.
    public var at: Date
    /// Days since the pricing's day 0, the exponent of the deflation compensation.
    public var day: Int
    /// The day's reference price per fuel.
    public var referencePrice: PricePerFuel
    /// The pricing epoch's demand multiplier, in parts per 10^12 (10^12 is ×1).
    public var demandMultiplierPartsPerTrillion: Int64
    /// Reference price × demand multiplier: the part of every charge that is burned.
    public var baseFee: PricePerFuel
    /// The lowest bid of the workers online, when any is online.
    public var lowestBid: PricePerFuel?
    /// Base fee + the lowest bid: the cheapest price a job can run at now, when a worker is online.
    public var lowestPrice: PricePerFuel?
    /// How many workers are online.
    public var workersOnline: Int

    /// A quote with these parts.
    public init(
        at: Date, day: Int, referencePrice: PricePerFuel, demandMultiplierPartsPerTrillion: Int64, baseFee: PricePerFuel,
        lowestBid: PricePerFuel?, lowestPrice: PricePerFuel?, workersOnline: Int
    ) {
        self.at = at
        self.day = day
        self.referencePrice = referencePrice
        self.demandMultiplierPartsPerTrillion = demandMultiplierPartsPerTrillion
        self.baseFee = baseFee
        self.lowestBid = lowestBid
        self.lowestPrice = lowestPrice
        self.workersOnline = workersOnline
    }
}
