import Foundation
import GridCore
import Hummingbird

/// `GET /v1/price`: the current price of compute, for anyone.
///
/// The reference price follows the configured deflation compensation from day 0; the demand
/// multiplier is the configured starting one (its update per epoch from demand and supply is not
/// wired in yet); each worker's bid is what it sent in its hello. The quote is the broker's
/// ``PriceBoard``, the same prices jobs are matched and charged at.
extension ClientAPI {
    func registerPriceRoutes(on v1: RouterGroup<GridRequestContext>) {
        v1.get("price") { _, _ in try await price() }
    }

    /// The broker's prices: the ones it matches and charges by. A bid that cannot be priced
    /// (refused at hello, so only in theory) has no quote and is left out.
    private func price() async throws -> Response {
        let now = clock.now
        let market = await broker.market(memoryBytes: 0)
        return try json(PriceQuote(
            at: now, day: market.day, referencePrice: market.base.referencePrice,
            demandMultiplierPartsPerTrillion: Int64(market.base.demandMultiplier.partsPerTrillion), baseFee: market.base.baseFee,
            lowestBid: market.cheapest?.bid, lowestPrice: market.cheapest?.price, workersOnline: market.workersOnline))
    }
}
