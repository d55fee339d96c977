import Foundation
import GridCore

/// The price of compute as the broker applies it: the configured pricing rules, the demand
/// multiplier of the current epoch, and the reference price of the current UTC day (worked out
/// once a day, not per replica).
struct PriceBoard: Sendable {
    let pricing: Pricing
    /// The current epoch's demand multiplier.
    private(set) var demandMultiplier: DemandMultiplier
    /// The pricing day its reference price is for.
    private(set) var day: Int
    private var referencePrice: PricePerFuel

    init(pricing: Pricing, at date: Date) {
        self.pricing = pricing
        self.demandMultiplier = pricing.configuration.initialDemandMultiplier
        self.day = pricing.day(of: date)
        self.referencePrice = pricing.referencePrice(at: date)
    }

    /// Moves to the day of `date`; true when the day changed (and with it every worker's price).
    mutating func advance(to date: Date) -> Bool {
        let today = pricing.day(of: date)
        guard today != day else { return false }
        day = today
        referencePrice = pricing.referencePrice(at: date)
        return true
    }

    /// The price for a worker bidding `bid` per fuel: base fee + bid; nil for a bid that cannot
    /// be priced (refused at hello, so only in theory).
    func quote(bid: Amount) -> Quote? {
        guard let perFuel = try? PricePerFuel(perFuel: bid) else { return nil }
        return try? Quote(referencePrice: referencePrice, demandMultiplier: demandMultiplier, bid: perFuel)
    }

    /// The base fee alone (a bid of zero).
    var baseQuote: Quote {
        // A zero bid always prices: the base fee is at most price₀ × the largest multiplier.
        quote(bid: .zero)!
    }
}
