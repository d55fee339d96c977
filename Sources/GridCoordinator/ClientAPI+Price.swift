import Foundation
import GridCore
import Hummingbird

/// `GET /v1/price`: the current price of compute, for anyone.
///
/// The reference price follows the configured deflation compensation from day 0; the demand
/// multiplier is the configured starting one (its update per epoch from demand and supply is not
/// wired in yet); each worker's bid is what it sent in its hello.
extension ClientAPI {
    func registerPriceRoutes(on v1: RouterGroup<GridRequestContext>) {
        v1.get("price") { _, _ in try await price() }
    }

    private func price() async throws -> Response {
        let pricing = try Pricing(configuration.pricing)
        let now = clock.now
        let multiplier = configuration.pricing.initialDemandMultiplier
        let workers = await broker.workerSummaries()
        // A bid that cannot be priced (refused at hello, so only in theory) is left out, not a 500.
        let lowest = workers.compactMap { worker in
            (try? PricePerFuel(perFuel: worker.prices.cpuPerFuel)).flatMap { try? pricing.quote(at: now, demandMultiplier: multiplier, bid: $0) }
        }.min { $0.price < $1.price }
        let base = try pricing.quote(at: now, demandMultiplier: multiplier, bid: PricePerFuel(baseUnitsPerExafuel: 0))
        return try json(PriceQuote(
            at: now, day: pricing.day(of: now), referencePrice: base.referencePrice,
            demandMultiplierPartsPerTrillion: Int64(multiplier.partsPerTrillion), baseFee: base.baseFee,
            lowestBid: lowest?.bid, lowestPrice: lowest?.price, workersOnline: workers.count))
    }
}
